package dev.ujm.store.redismongo;

import dev.ujm.core.cluster.QueueControl;
import dev.ujm.core.cluster.QueueControlUpdate;
import dev.ujm.core.cluster.QueueControls;
import dev.ujm.core.store.StorageFaultException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What operators decided per queue (paused, pool size, autoscaling range), shared by every node: a
 * Redis hash of one JSON value per queue, changed by compare-and-set (a script that writes only
 * when the value is still the one the change was computed from), and a channel that tells every
 * node's listeners at once. A node that missed the message still reads the hash at its next
 * heartbeat.
 *
 * <p>While Redis is down, reads answer with the controls this node read or heard of last (so {@code
 * GET /api/v2/queues}, whose counts come from MongoDB, still answers, and a paused queue stays
 * paused); before any read succeeded, and for every change, they fail as a {@link
 * StorageFaultException} ({@code UNAVAILABLE}, 503). Thread-safe.
 */
final class RedisQueueControls implements QueueControls {
  private static final Logger LOG = LoggerFactory.getLogger(RedisQueueControls.class);
  private static final String COMPARE_AND_SET =
      """
      local now = redis.call('HGET', KEYS[1], ARGV[1])
      if (now == false and ARGV[2] == '') or now == ARGV[2] then
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
        return 1
      end
      return 0
      """;

  /** The message of a change: who made it, and the control after it. */
  record Changed(String origin, QueueControl control) {}

  private final RedisBackend redis;
  private final RedisChannels channels;
  private final InstantSource clock;
  private final String hash;
  private final String channel;
  private final String origin = UUID.randomUUID().toString();
  private final List<Consumer<QueueControl>> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, QueueControl> lastKnown = new ConcurrentHashMap<>();
  private volatile boolean known;

  RedisQueueControls(RedisBackend redis, RedisChannels channels, InstantSource clock) {
    this.redis = redis;
    this.channels = channels;
    this.clock = clock;
    this.hash = redis.key("queue-controls");
    this.channel = channels.channel("queue-controls");
    channels.subscribe(channel, this::received);
  }

  @Override
  public Optional<QueueControl> get(String queue) {
    String json;
    try {
      json = redis.sync().hget(hash, queue);
    } catch (RedisException e) {
      QueueControl last = lastKnown.get(queue);
      return last != null ? Optional.of(last) : Optional.ofNullable(lastKnownOr(e).get(queue));
    }
    if (json == null) {
      lastKnown.remove(queue);
      return Optional.empty();
    }
    QueueControl control = JobDocuments.read(json, QueueControl.class);
    remember(control);
    return Optional.of(control);
  }

  @Override
  public List<QueueControl> all() {
    Map<String, String> values;
    try {
      values = new TreeMap<>(redis.sync().hgetall(hash));
    } catch (RedisException e) {
      return List.copyOf(new TreeMap<>(lastKnownOr(e)).values());
    }
    List<QueueControl> out = new ArrayList<>();
    values.values().forEach(json -> out.add(JobDocuments.read(json, QueueControl.class)));
    lastKnown.keySet().retainAll(values.keySet());
    out.forEach(this::remember);
    known = true;
    return out;
  }

  @Override
  public QueueControl update(String queue, QueueControlUpdate update, String by) {
    try {
      return compareAndSet(queue, update, by);
    } catch (RedisException e) {
      throw unavailable(e);
    }
  }

  private QueueControl compareAndSet(String queue, QueueControlUpdate update, String by) {
    while (true) {
      String before = redis.sync().hget(hash, queue);
      QueueControl now =
          before == null ? QueueControl.none(queue) : JobDocuments.read(before, QueueControl.class);
      QueueControl next = now.with(update, clock.instant(), by);
      String after = JobDocuments.write(next);
      Long set =
          redis
              .sync()
              .eval(
                  COMPARE_AND_SET,
                  ScriptOutputType.INTEGER,
                  new String[] {hash},
                  queue,
                  before == null ? "" : before,
                  after);
      if (set != null && set == 1) {
        remember(next);
        notifyListeners(next);
        channels.publish(channel, JobDocuments.write(new Changed(origin, next)));
        return next;
      }
    }
  }

  @Override
  public void onChange(Consumer<QueueControl> listener) {
    listeners.add(listener);
  }

  private void received(String message) {
    Changed changed = JobDocuments.read(message, Changed.class);
    if (!origin.equals(changed.origin())) {
      remember(changed.control());
      notifyListeners(changed.control());
    }
  }

  private void remember(QueueControl control) {
    lastKnown.put(control.queue(), control);
  }

  /** The controls last read or heard of, or the fault when this node never read them. */
  private Map<String, QueueControl> lastKnownOr(RedisException e) {
    if (!known) {
      throw unavailable(e);
    }
    return lastKnown;
  }

  private static StorageFaultException unavailable(RedisException e) {
    return new StorageFaultException(
        StorageFaultException.Kind.UNAVAILABLE,
        "the Redis of the queue controls cannot be reached (" + e.getClass().getSimpleName() + ")",
        e);
  }

  private void notifyListeners(QueueControl control) {
    for (Consumer<QueueControl> listener : listeners) {
      try {
        listener.accept(control);
      } catch (RuntimeException e) {
        LOG.warn("a queue control listener failed on queue {}", control.queue(), e);
      }
    }
  }
}
