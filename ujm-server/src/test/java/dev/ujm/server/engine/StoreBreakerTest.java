package dev.ujm.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The store breaker, on a clock moved by hand. */
class StoreBreakerTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final StoreBreaker breaker = new StoreBreaker(3, Duration.ofSeconds(5), now::get);

  private void advance(Duration by) {
    now.addAndGet(by.toNanos());
  }

  @Test
  void it_opens_after_the_threshold_of_failures_in_a_row_and_not_before() {
    breaker.failed();
    breaker.failed();
    assertThat(breaker.isOpen()).isFalse();

    breaker.failed();

    assertThat(breaker.isOpen()).isTrue();
    assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void a_success_between_failures_starts_the_count_again() {
    breaker.failed();
    breaker.failed();
    breaker.succeeded();
    breaker.failed();
    breaker.failed();

    assertThat(breaker.isOpen()).isFalse();
  }

  @Test
  void after_the_cooldown_one_more_failure_opens_it_again_and_a_success_closes_it() {
    for (int i = 0; i < 3; i++) {
      breaker.failed();
    }
    advance(Duration.ofSeconds(2));
    assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(3));
    advance(Duration.ofSeconds(3));
    assertThat(breaker.isOpen()).isFalse();

    breaker.failed();
    assertThat(breaker.isOpen()).isTrue();

    advance(Duration.ofSeconds(5));
    breaker.succeeded();
    breaker.failed();
    assertThat(breaker.isOpen()).isFalse();
  }

  @Test
  void failures_while_open_do_not_push_the_reopening_further() {
    for (int i = 0; i < 3; i++) {
      breaker.failed();
    }
    advance(Duration.ofSeconds(4));
    breaker.failed();

    assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(1));
  }
}
