package dev.ujm.core.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Reading percentiles and shares within a threshold from the fixed buckets. */
class LatencyBucketsTest {
  private static long[] histogram(long... millis) {
    long[] h = new long[LatencyBuckets.COUNT];
    for (long m : millis) {
      h[LatencyBuckets.indexOf(m)]++;
    }
    return h;
  }

  @Test
  void a_sample_on_a_bound_falls_in_the_bucket_of_that_bound() {
    assertThat(LatencyBuckets.upperBound(LatencyBuckets.indexOf(60_000))).isEqualTo(60_000);
    assertThat(LatencyBuckets.upperBound(LatencyBuckets.indexOf(60_001))).isEqualTo(120_000);
    assertThat(LatencyBuckets.upperBound(LatencyBuckets.indexOf(0))).isEqualTo(10);
    assertThat(LatencyBuckets.upperBound(LatencyBuckets.indexOf(90_000_000)))
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void a_quantile_is_the_upper_bound_of_its_bucket_capped_at_the_maximum() {
    long[] h = histogram(40, 40, 40, 40, 40, 40, 40, 40, 40, 3_000);
    assertThat(LatencyBuckets.quantile(h, 0.5, Long.MAX_VALUE)).isEqualTo(50);
    assertThat(LatencyBuckets.quantile(h, 0.9, Long.MAX_VALUE)).isEqualTo(50);
    assertThat(LatencyBuckets.quantile(h, 0.99, Long.MAX_VALUE)).isEqualTo(5_000);
    assertThat(LatencyBuckets.quantile(h, 0.99, 3_000)).isEqualTo(3_000);
    assertThat(LatencyBuckets.quantile(new long[LatencyBuckets.COUNT], 0.5, 0)).isNull();
  }

  @Test
  void the_share_within_a_threshold_counts_whole_buckets_so_it_is_never_overstated() {
    long[] h = histogram(500, 1_000, 45_000, 60_000, 61_000);
    assertThat(LatencyBuckets.countWithin(h, Duration.ofSeconds(60))).isEqualTo(4);
    assertThat(LatencyBuckets.countWithin(h, Duration.ofSeconds(59))).isEqualTo(2);
    assertThat(LatencyBuckets.isBound(Duration.ofSeconds(60))).isTrue();
    assertThat(LatencyBuckets.isBound(Duration.ofSeconds(59))).isFalse();
  }
}
