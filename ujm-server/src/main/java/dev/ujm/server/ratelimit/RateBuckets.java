package dev.ujm.server.ratelimit;

import dev.ujm.core.config.UjmConfig;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import java.time.InstantSource;

/**
 * Where the token buckets of the rate limits live: in this process ({@link LocalRateBuckets}), or
 * in a store every node shares (Bucket4j's {@code ProxyManager} over Redis), so that the limits
 * hold for the whole cluster ({@link RedisRateBuckets}). Thread-safe.
 */
@FunctionalInterface
public interface RateBuckets extends AutoCloseable {

  /**
   * The bucket of one limited thing ({@code key:<id>}, {@code tenant:<id>}); made with this
   * configuration the first time it is asked for.
   */
  Bucket bucket(String id, BucketConfiguration configuration);

  /**
   * The buckets of the submit rates for this store: in Redis for {@code UJM_STORE=redis-mongo}
   * (shared by every node on it, under the store's namespace), else in this process.
   */
  static RateBuckets forSubmits(UjmConfig config, InstantSource clock) {
    return "redis-mongo".equals(config.store())
        ? RedisRateBuckets.on(config.redisUri(), config.mongoDb(), clock)
        : new LocalRateBuckets(clock);
  }

  /** Lets go of what the buckets hold open (nothing, for buckets in this process). */
  @Override
  default void close() {}
}
