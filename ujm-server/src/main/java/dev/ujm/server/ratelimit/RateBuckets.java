package dev.ujm.server.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;

/**
 * Where the token buckets of the rate limits live: in this process ({@link LocalRateBuckets}), or
 * in a store every node shares (Bucket4j's {@code ProxyManager} over Redis), so that the limits
 * hold for the whole cluster. Thread-safe.
 */
@FunctionalInterface
public interface RateBuckets {

  /**
   * The bucket of one limited thing ({@code key:<id>}, {@code tenant:<id>}); made with this
   * configuration the first time it is asked for.
   */
  Bucket bucket(String id, BucketConfiguration configuration);
}
