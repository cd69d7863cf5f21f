package dev.ujm.store.redismongo.crawl;

import dev.ujm.core.cluster.HostPoliteness;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crawl politeness every node shares through Redis, so nodes crawling one host together keep its
 * crawl-delay and read its robots.txt once.
 *
 * <ol>
 *   <li>A caller first waits for its node's turn at the host (a fair lock per host, so one caller
 *       per node and host asks Redis at a time, in arrival order).
 *   <li>It then runs {@link TurnScripts#ACQUIRE}: Redis's own clock decides, so the nodes' clocks
 *       need not agree. Granted, the permit joins the host's in-flight set with a deadline and the
 *       host's last event becomes now; refused, the script says how long until the delay has
 *       passed, and the caller waits that long (at most {@link #POLL}, to look at its cancellation)
 *       and asks again.
 *   <li>Closing the permit (once) runs {@link TurnScripts#RELEASE}: it leaves the in-flight set and
 *       the host's last event becomes the request's end.
 * </ol>
 *
 * A node that dies holding a permit holds it only until its deadline ({@code permitLifetime}),
 * after which the host is free again. While Redis does not answer, a caller keeps waiting (and logs
 * it): crawls pause rather than fetch unpaced. robots.txt files are kept under one key per host
 * with their freshness as expiry ({@link RobotsFileCodec}). Keys carry the host as hash tag, so the
 * layout works on Redis Cluster. Thread-safe.
 */
public final class RedisHostPoliteness implements HostPoliteness {
  private static final Logger LOG = LoggerFactory.getLogger(RedisHostPoliteness.class);

  /** Longest wait between two questions to Redis, so cancellation is seen within it. */
  static final Duration POLL = Duration.ofMillis(50);

  /** How long a host's last event is remembered beyond its delay. */
  private static final Duration IDLE = Duration.ofMinutes(10);

  private final RedisCommands<String, String> redis;
  private final String prefix;
  private final Duration permitLifetime;
  private final ConcurrentHashMap<String, ReentrantLock> nodeTurns = new ConcurrentHashMap<>();
  private final AtomicBoolean redisAnswers = new AtomicBoolean(true);

  /**
   * @param redis a connection every node's caller may share (Lettuce connections are thread-safe)
   * @param prefix put before every key, such as {@code ujm:}
   * @param permitLifetime how long a permit counts when it is never closed (its node died); longer
   *     than any request takes
   */
  public RedisHostPoliteness(
      RedisCommands<String, String> redis, String prefix, Duration permitLifetime) {
    this.redis = redis;
    this.prefix = prefix;
    this.permitLifetime = permitLifetime;
  }

  @Override
  public Permit acquire(String host, Policy policy, BooleanSupplier cancelled)
      throws InterruptedException {
    ReentrantLock turn = nodeTurns.computeIfAbsent(host, h -> new ReentrantLock(true));
    while (!turn.tryLock(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
      checkCancelled(cancelled);
    }
    try {
      String id = UUID.randomUUID().toString();
      while (true) {
        checkCancelled(cancelled);
        long waitMillis = tryStart(host, policy, id);
        if (waitMillis == 0) {
          AtomicBoolean open = new AtomicBoolean(true);
          return () -> {
            if (open.compareAndSet(true, false)) {
              release(host, id, policy);
            }
          };
        }
        Thread.sleep(waitMillis > 0 ? Math.min(waitMillis, POLL.toMillis()) : POLL.toMillis());
      }
    } finally {
      turn.unlock();
      if (!turn.hasQueuedThreads()) {
        // forget idle hosts; a caller that raced past this only loses its place in line
        nodeTurns.remove(host, turn);
      }
    }
  }

  @Override
  public Optional<RobotsFile> robotsFile(String host) {
    try {
      String key = robotsKey(host);
      String stored = redis.get(key);
      long pttl = stored == null ? -2 : redis.pttl(key);
      if (stored == null || pttl <= 0) {
        return Optional.empty();
      }
      return Optional.of(RobotsFileCodec.decode(stored, Duration.ofMillis(pttl)));
    } catch (RedisException | IllegalArgumentException e) {
      LOG.warn("the shared robots.txt of {} could not be read: {}", host, e.toString());
      return Optional.empty();
    }
  }

  @Override
  public void shareRobotsFile(String host, RobotsFile file) {
    if (file.freshFor().toMillis() <= 0) {
      return;
    }
    try {
      redis.psetex(robotsKey(host), file.freshFor().toMillis(), RobotsFileCodec.encode(file));
    } catch (RedisException e) {
      LOG.warn("the robots.txt of {} could not be shared: {}", host, e.toString());
    }
  }

  /** 0 when granted; else how many milliseconds to wait (negative: as long as one poll). */
  private long tryStart(String host, Policy policy, String id) {
    try {
      Long answer =
          redis.eval(
              TurnScripts.ACQUIRE,
              ScriptOutputType.INTEGER,
              new String[] {inFlightKey(host), lastKey(host)},
              id,
              String.valueOf(policy.delay().toMillis()),
              String.valueOf(policy.maxConnections()),
              String.valueOf(permitLifetime.toMillis()),
              String.valueOf(policy.delay().plus(IDLE).toMillis()));
      if (redisAnswers.compareAndSet(false, true)) {
        LOG.info("Redis answers again: crawls take their turns at hosts again");
      }
      return answer;
    } catch (RedisException e) {
      if (redisAnswers.compareAndSet(true, false)) {
        LOG.warn(
            "Redis does not answer; crawls wait for their turns until it does: {}", e.toString());
      }
      return -1;
    }
  }

  private void release(String host, String id, Policy policy) {
    try {
      redis.eval(
          TurnScripts.RELEASE,
          ScriptOutputType.INTEGER,
          new String[] {inFlightKey(host), lastKey(host)},
          id,
          String.valueOf(policy.delay().plus(IDLE).toMillis()));
    } catch (RedisException e) {
      // the permit's deadline frees the host instead
      LOG.warn("the turn at {} could not be given back: {}", host, e.toString());
    }
  }

  private static void checkCancelled(BooleanSupplier cancelled) {
    if (cancelled.getAsBoolean()) {
      throw new CancellationException("cancelled while waiting for host");
    }
  }

  private String inFlightKey(String host) {
    return prefix + "host:{" + host + "}:in-flight";
  }

  private String lastKey(String host) {
    return prefix + "host:{" + host + "}:last";
  }

  private String robotsKey(String host) {
    return prefix + "host:{" + host + "}:robots";
  }
}
