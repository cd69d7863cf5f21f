package dev.ujm.core.duty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ujm.core.cluster.LocalClusterLock;
import java.time.Duration;
import java.time.InstantSource;
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
    try (var scheduler =
        new DutyScheduler(List.of(duty), new LocalClusterLock(InstantSource.system()), "node-1")
            .start()) {
      await().until(() -> duty.passes.get() >= 3);
    }
  }

  @Test
  void a_closed_scheduler_cannot_be_started_again() {
    var duty = new FailsOnce();
    var scheduler =
        new DutyScheduler(List.of(duty), new LocalClusterLock(InstantSource.system()), "node-1")
            .start();
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

  /** Counts its passes; acts on one job each. */
  private static final class Counting extends Duty {
    final AtomicInteger passes = new AtomicInteger();
    private final boolean clusterWide;

    Counting(boolean clusterWide) {
      super(clusterWide ? "sweeper" : "local-chores", Duration.ofHours(1));
      this.clusterWide = clusterWide;
    }

    @Override
    public boolean isClusterWide() {
      return clusterWide;
    }

    @Override
    public int runOnce() {
      passes.incrementAndGet();
      return 1;
    }
  }

  @Test
  void a_cluster_wide_duty_runs_on_one_node_at_a_time_and_moves_when_that_node_stops() {
    var lock = new LocalClusterLock(InstantSource.system());
    var onA = new Counting(true);
    var onB = new Counting(true);
    var a = new DutyScheduler(List.of(onA), lock, "node-a/1");
    var b = new DutyScheduler(List.of(onB), lock, "node-b/1");

    assertThat(a.runPass(onA)).isEqualTo(1);
    assertThat(b.runPass(onB)).isEqualTo(-1);
    assertThat(a.runPass(onA)).isEqualTo(1);
    a.close();
    assertThat(b.runPass(onB)).isEqualTo(1);

    assertThat(onA.passes).hasValue(2);
    assertThat(onB.passes).hasValue(1);
    b.close();
  }

  @Test
  void a_duty_of_the_node_itself_runs_on_every_node() {
    var lock = new LocalClusterLock(InstantSource.system());
    var onA = new Counting(false);
    var onB = new Counting(false);

    assertThat(new DutyScheduler(List.of(onA), lock, "node-a/1").runPass(onA)).isEqualTo(1);
    assertThat(new DutyScheduler(List.of(onB), lock, "node-b/1").runPass(onB)).isEqualTo(1);
  }
}
