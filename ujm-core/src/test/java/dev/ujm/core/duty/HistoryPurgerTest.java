package dev.ujm.core.duty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ujm.core.memory.InMemoryJobStore;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobNotFoundException;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.worker.SettableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HistoryPurgerTest {
  private static final Duration WEEK = Duration.ofDays(7);
  private final SettableClock clock = new SettableClock();
  private final InMemoryJobStore store = new InMemoryJobStore(clock);
  private final RetentionPurger jobs =
      new RetentionPurger(store, clock, WEEK, RetentionPurger.DEFAULT_INTERVAL);

  private Job completedJob() {
    Job submitted = store.submit(NewJob.ofType("noop").build()).job();
    Job claimed =
        store.claim(ClaimRequest.of("noop", "node/boot", 1, Duration.ofSeconds(30))).get(0);
    store.complete(claimed.lease(), null);
    return submitted;
  }

  @Test
  void the_trails_of_purged_jobs_go_when_they_are_past_the_audit_retention() {
    Job old = completedJob();
    clock.advance(Duration.ofDays(20));
    Job younger = completedJob();
    clock.advance(WEEK.plusDays(1));
    jobs.runOnce();
    var history = new HistoryPurger(store, clock, Duration.ofDays(25), Duration.ofMinutes(1));

    assertThat(history.runOnce()).isEqualTo(1);

    assertThatThrownBy(() -> store.history(old.id())).isInstanceOf(JobNotFoundException.class);
    assertThat(store.history(younger.id())).hasSize(3);
  }

  @Test
  void an_audit_retention_of_zero_keeps_the_trails_for_ever() {
    Job done = completedJob();
    clock.advance(WEEK.plusDays(1));
    jobs.runOnce();
    var history = new HistoryPurger(store, clock, Duration.ZERO, Duration.ofMinutes(1));

    clock.advance(Duration.ofDays(10_000));

    assertThat(history.runOnce()).isZero();
    assertThat(store.history(done.id())).hasSize(3);
  }
}
