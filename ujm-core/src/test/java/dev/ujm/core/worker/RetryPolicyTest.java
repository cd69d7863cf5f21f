package dev.ujm.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobBuilder;
import dev.ujm.core.model.JobError;
import dev.ujm.core.worker.RetryPolicy.Jitter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final Duration BASE = Duration.ofSeconds(1);
  private static final Duration CAP = Duration.ofHours(1);

  /**
   * Always answers the largest value allowed, so the delay equals the ceiling of the jitter range.
   */
  private static final RandomGenerator HIGHEST =
      new RandomGenerator() {
        @Override
        public long nextLong() {
          return Long.MAX_VALUE;
        }

        @Override
        public long nextLong(long bound) {
          return bound - 1;
        }
      };

  /** Always answers zero, so the delay equals the floor of the jitter range. */
  private static final RandomGenerator LOWEST =
      new RandomGenerator() {
        @Override
        public long nextLong() {
          return 0;
        }

        @Override
        public long nextLong(long bound) {
          return 0;
        }
      };

  @Test
  void full_jitter_doubles_its_ceiling_with_each_attempt() {
    var policy = new RetryPolicy(Jitter.FULL, BASE, CAP, HIGHEST);

    assertThat(policy.delayAfter(1, null)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.delayAfter(2, null)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.delayAfter(5, null)).isEqualTo(Duration.ofSeconds(16));
  }

  @Test
  void full_jitter_may_retry_at_once_and_never_exceeds_the_cap() {
    assertThat(new RetryPolicy(Jitter.FULL, BASE, CAP, LOWEST).delayAfter(7, null)).isZero();
    assertThat(new RetryPolicy(Jitter.FULL, BASE, CAP, HIGHEST).delayAfter(40, null))
        .isEqualTo(CAP);
    assertThat(new RetryPolicy(Jitter.FULL, BASE, CAP, HIGHEST).delayAfter(1_000, null))
        .isEqualTo(CAP);
  }

  @Test
  void decorrelated_jitter_grows_from_the_previous_delay_and_never_drops_below_the_base() {
    var highest = new RetryPolicy(Jitter.DECORRELATED, BASE, CAP, HIGHEST);
    var lowest = new RetryPolicy(Jitter.DECORRELATED, BASE, CAP, LOWEST);

    assertThat(highest.delayAfter(1, null)).isEqualTo(Duration.ofSeconds(3));
    assertThat(highest.delayAfter(3, Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(30));
    assertThat(highest.delayAfter(9, Duration.ofMinutes(50))).isEqualTo(CAP);
    assertThat(lowest.delayAfter(3, Duration.ofSeconds(10))).isEqualTo(BASE);
  }

  @Test
  void the_previous_delay_is_read_from_the_job_itself() {
    Instant failedAt = Instant.parse("2026-01-01T00:00:00Z");
    Job retried =
        new JobBuilder()
            .id("j")
            .attempt(2)
            .runAt(failedAt.plusSeconds(7))
            .errors(List.of(new JobError("IOException", "boom", 1, failedAt)))
            .build();
    var policy = new RetryPolicy(Jitter.DECORRELATED, BASE, CAP, HIGHEST);

    Instant now = failedAt.plusSeconds(60);
    assertThat(policy.retryAt(retried, now)).isEqualTo(now.plusSeconds(21));
    assertThat(RetryPolicy.previousDelayOf(new JobBuilder().id("first").attempt(1).build()))
        .isNull();
  }

  @Test
  void a_policy_with_a_cap_below_its_base_is_refused() {
    assertThatThrownBy(
            () ->
                new RetryPolicy(Jitter.FULL, Duration.ofMinutes(2), Duration.ofMinutes(1), LOWEST))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(Jitter.FULL, Duration.ZERO, CAP, LOWEST))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void equal_jitter_waits_between_half_and_all_of_a_doubling_step() {
    var highest =
        new RetryPolicy(Jitter.EQUAL, Duration.ofSeconds(10), Duration.ofSeconds(60), HIGHEST);
    var lowest =
        new RetryPolicy(Jitter.EQUAL, Duration.ofSeconds(10), Duration.ofSeconds(60), LOWEST);

    assertThat(List.of(1, 2, 3, 4, 5).stream().map(a -> highest.delayAfter(a, null).toSeconds()))
        .containsExactly(10L, 20L, 40L, 60L, 60L);
    assertThat(List.of(1, 2, 3, 4, 5).stream().map(a -> lowest.delayAfter(a, null).toSeconds()))
        .containsExactly(5L, 10L, 20L, 30L, 30L);
  }
}
