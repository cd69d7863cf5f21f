package dev.ujm.core.analytics;

import java.time.Duration;
import java.util.Arrays;

/**
 * The fixed buckets of every latency histogram in the job metrics: a bucket counts the samples up
 * to and including its upper bound and above the bound before it; the last has no bound. Fixed, so
 * that histograms of different minutes, nodes and stores add up bucket by bucket, and a percentile
 * or the share within a threshold reads from their sums. A figure read from them is exact at a
 * bound and otherwise the bound above (a percentile) or below (a share within a threshold).
 */
public final class LatencyBuckets {
  /** Upper bounds in milliseconds; the bucket after the last bound holds everything above it. */
  private static final long[] BOUNDS = {
    10,
    50,
    100,
    250,
    500,
    1_000,
    2_500,
    5_000,
    10_000,
    30_000,
    60_000,
    120_000,
    300_000,
    600_000,
    1_800_000,
    3_600_000,
    7_200_000,
    21_600_000,
    86_400_000
  };

  /** How many buckets a histogram has. */
  public static final int COUNT = BOUNDS.length + 1;

  private LatencyBuckets() {}

  /** The bucket a sample of {@code millis} falls in. */
  public static int indexOf(long millis) {
    int at = Arrays.binarySearch(BOUNDS, Math.max(0, millis));
    return at >= 0 ? at : -at - 1;
  }

  /** The upper bound of a bucket in milliseconds; {@link Long#MAX_VALUE} for the last. */
  public static long upperBound(int index) {
    return index < BOUNDS.length ? BOUNDS[index] : Long.MAX_VALUE;
  }

  /** Whether {@code threshold} is one of the bounds, so shares within it are read exactly. */
  public static boolean isBound(Duration threshold) {
    return Arrays.binarySearch(BOUNDS, threshold.toMillis()) >= 0;
  }

  /**
   * The {@code q}-quantile of a histogram in milliseconds: the upper bound of the bucket that holds
   * it, or {@code max} when that bucket is the last (or {@code max} is smaller); null when the
   * histogram is empty.
   *
   * @param q between 0 (exclusive) and 1 (inclusive)
   * @param max the largest sample when known, else {@link Long#MAX_VALUE}
   */
  public static Long quantile(long[] histogram, double q, long max) {
    long total = Arrays.stream(histogram).sum();
    if (total == 0) {
      return null;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < histogram.length; i++) {
      seen += histogram[i];
      if (seen >= rank) {
        return Math.min(upperBound(i), max);
      }
    }
    return max;
  }

  /** How many samples are at most {@code threshold}, counting whole buckets only. */
  public static long countWithin(long[] histogram, Duration threshold) {
    long millis = threshold.toMillis();
    long within = 0;
    for (int i = 0; i < histogram.length && upperBound(i) <= millis; i++) {
      within += histogram[i];
    }
    return within;
  }
}
