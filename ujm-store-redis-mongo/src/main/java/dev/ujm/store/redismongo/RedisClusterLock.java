package dev.ujm.store.redismongo;

import dev.ujm.core.cluster.ClusterLock;
import dev.ujm.core.cluster.LockGrant;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Cluster locks in Redis: a key {@code lock:{<name>}} set only if absent, with an expiry, holding
 * the holder and a fencing token taken from a counter that only grows ({@code SET NX PX} then
 * {@code INCR}, in one script). A holder that stalls past the expiry loses the lock to the next
 * one, whose token is larger, so a write stamped with the old token can be told apart. Renewing and
 * releasing check holder and token, so a late holder never extends or frees the next one's lock.
 * While Redis is down no lock is granted: the singleton duties pause rather than run twice.
 * Thread-safe.
 */
final class RedisClusterLock implements ClusterLock {
  private static final String ACQUIRE =
      """
      if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
        local token = redis.call('INCR', KEYS[2])
        redis.call('SET', KEYS[1], ARGV[1] .. '|' .. token, 'PX', ARGV[2])
        return token
      end
      return 0
      """;
  private static final String RENEW =
      """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        return redis.call('PEXPIRE', KEYS[1], ARGV[2])
      end
      return 0
      """;
  private static final String RELEASE =
      """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        return redis.call('DEL', KEYS[1])
      end
      return 0
      """;

  private final RedisBackend redis;
  private final InstantSource clock;

  RedisClusterLock(RedisBackend redis, InstantSource clock) {
    this.redis = redis;
    this.clock = clock;
  }

  @Override
  public Optional<LockGrant> tryAcquire(String name, String holder, Duration ttl) {
    try {
      Long token =
          redis.sync().eval(ACQUIRE, ScriptOutputType.INTEGER, keys(name), holder, millis(ttl));
      if (token == null || token == 0) {
        return Optional.empty();
      }
      return Optional.of(new LockGrant(name, holder, token, clock.instant().plus(ttl)));
    } catch (RedisException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean renew(LockGrant grant, Duration ttl) {
    try {
      Long renewed =
          redis
              .sync()
              .eval(RENEW, ScriptOutputType.INTEGER, keys(grant.name()), value(grant), millis(ttl));
      return renewed != null && renewed == 1;
    } catch (RedisException e) {
      return false;
    }
  }

  @Override
  public void release(LockGrant grant) {
    try {
      redis.sync().eval(RELEASE, ScriptOutputType.INTEGER, keys(grant.name()), value(grant));
    } catch (RedisException e) {
      // the lock expires by itself
    }
  }

  private String[] keys(String name) {
    return new String[] {redis.key("lock:{" + name + "}"), redis.key("lock:{" + name + "}:fence")};
  }

  private static String value(LockGrant grant) {
    return grant.holder() + "|" + grant.token();
  }

  private static String millis(Duration ttl) {
    return String.valueOf(Math.max(1, ttl.toMillis()));
  }
}
