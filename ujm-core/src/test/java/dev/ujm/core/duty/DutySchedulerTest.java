package dev.ujm.core.duty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DutySchedulerTest {

  /** Fails on its first pass, then counts its passes. */
  private static final class FailsOnce extends Duty {
    final AtomicInteger passes = new AtomicInteger();

    FailsOnce() {
      super("fails-once", Duration.ofMillis(5));
    }

    @Override
    public int runOnce() {
      if (passes.incrementAndGet() == 1) {
        throw new IllegalStateException("store unavailable");
      }
      return 0;
    }
  }

  @Test
  void a_duty_keeps_running_after_a_pass_that_failed() {
    var duty = new FailsOnce();
    try (var scheduler = new DutyScheduler(List.of(duty)).start()) {
      await().until(() -> duty.passes.get() >= 3);
    }
  }

  @Test
  void a_closed_scheduler_cannot_be_started_again() {
    var duty = new FailsOnce();
    var scheduler = new DutyScheduler(List.of(duty)).start();
    await().until(() -> duty.passes.get() >= 2);

    scheduler.close();

    assertThat(scheduler.duties()).containsExactly(duty);
    assertThatThrownBy(scheduler::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void a_duty_needs_a_positive_interval() {
    assertThatThrownBy(() -> new OrphanReaper(null, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
