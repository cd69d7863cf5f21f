package dev.ujm.server.ratelimit;

import dev.ujm.store.redismongo.FailFastRedis;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Token buckets in Redis, shared by every node on it: a Bucket4j {@code ProxyManager} whose every
 * take is one compare-and-swap on the bucket's key, so the limits hold for the whole cluster. Each
 * key is {@code <namespace>:rate:<id>} (the namespace is the distributed store's, {@code
 * UJM_MONGO_DB}) and expires {@link #IDLE_GRACE} after its bucket would be full again, so idle
 * buckets vanish. Times come from the server's clock.
 *
 * <ol>
 *   <li>The connection is made on first use, not at start: a node that starts while Redis is down
 *       starts all the same.
 *   <li>While Redis cannot be reached, {@link #bucket} and every take on a bucket throw at once
 *       (commands are rejected, not queued; a connection attempt is made at most every {@link
 *       #RETRY_CONNECT}); the limiter lets the request through and logs it ({@link
 *       SubmitRateLimiter}).
 *   <li>Once connected, the client reconnects by itself.
 * </ol>
 *
 * Thread-safe.
 */
public final class RedisRateBuckets implements RateBuckets, AutoCloseable {
  /** How long a take may wait for Redis before the request goes ahead unlimited. */
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  static final Duration IDLE_GRACE = Duration.ofSeconds(10);
  static final Duration RETRY_CONNECT = Duration.ofSeconds(5);

  private final RedisClient client;
  private final String prefix;
  private final InstantSource clock;
  private volatile StatefulRedisConnection<String, byte[]> connection;
  private volatile ProxyManager<String> proxies;
  private long nextConnectMillis;

  private RedisRateBuckets(RedisClient client, String namespace, InstantSource clock) {
    this.client = client;
    this.prefix = namespace + ":rate:";
    this.clock = clock;
  }

  /**
   * Buckets on the Redis of this URI, connected when first asked for.
   *
   * @param namespace put before every key, so deployments sharing a Redis keep apart
   */
  public static RedisRateBuckets on(String uri, String namespace, InstantSource clock) {
    RedisURI redisUri = RedisURI.create(uri);
    redisUri.setTimeout(TIMEOUT);
    RedisClient client = RedisClient.create(redisUri);
    client.setOptions(FailFastRedis.options(TIMEOUT));
    return new RedisRateBuckets(client, namespace, clock);
  }

  /**
   * {@inheritDoc}
   *
   * @throws io.lettuce.core.RedisException when Redis cannot be reached
   */
  @Override
  public Bucket bucket(String id, BucketConfiguration configuration) {
    return proxies().builder().build(prefix + id, () -> configuration);
  }

  private ProxyManager<String> proxies() {
    ProxyManager<String> ready = proxies;
    if (ready != null) {
      return ready;
    }
    synchronized (this) {
      if (proxies == null) {
        long now = clock.millis();
        if (now < nextConnectMillis) {
          throw new io.lettuce.core.RedisConnectionException(
              "Redis of the rate limits was unreachable a moment ago");
        }
        nextConnectMillis = now + RETRY_CONNECT.toMillis();
        connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        proxies =
            Bucket4jLettuce.casBasedBuilder(connection)
                .clientClock(LocalRateBuckets.timeMeter(clock))
                .requestTimeout(TIMEOUT)
                .expirationAfterWrite(
                    ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(IDLE_GRACE))
                .build();
      }
      return proxies;
    }
  }

  @Override
  public void close() {
    StatefulRedisConnection<String, byte[]> open = connection;
    try {
      if (open != null) {
        open.close();
      }
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
