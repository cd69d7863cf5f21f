package dev.ujm.server.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucketBuilder;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets in this process, on the server's clock: the limits of one node. At most {@value
 * #MAX_BUCKETS} are kept; past that the full ones (nobody has used them within a window) are
 * dropped, which loses nothing. Thread-safe.
 */
public final class LocalRateBuckets implements RateBuckets {
  static final int MAX_BUCKETS = 100_000;

  private final TimeMeter time;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public LocalRateBuckets(InstantSource clock) {
    this.time = timeMeter(clock);
  }

  /** Bucket4j's time read from this clock, so tests that move the server's clock move buckets. */
  static TimeMeter timeMeter(InstantSource clock) {
    return new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        return clock.millis() * 1_000_000L;
      }

      @Override
      public boolean isWallClockBased() {
        return true;
      }
    };
  }

  @Override
  public Bucket bucket(String id, BucketConfiguration configuration) {
    Bucket bucket = buckets.get(id);
    if (bucket != null) {
      return bucket;
    }
    if (buckets.size() >= MAX_BUCKETS) {
      buckets.values().removeIf(LocalRateBuckets::isFull);
    }
    return buckets.computeIfAbsent(id, k -> build(configuration));
  }

  private Bucket build(BucketConfiguration configuration) {
    LocalBucketBuilder builder = Bucket.builder().withCustomTimePrecision(time);
    for (var bandwidth : configuration.getBandwidths()) {
      builder.addLimit(bandwidth);
    }
    return builder.build();
  }

  private static boolean isFull(Bucket bucket) {
    return bucket instanceof io.github.bucket4j.local.LocalBucket local
        && bucket.getAvailableTokens() >= local.getConfiguration().getBandwidths()[0].getCapacity();
  }
}
