package dev.ujm.core.duty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.core.memory.InMemoryJobStore;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.worker.SettableClock;
import java.lang.reflect.Proxy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetentionPurgerTest {
  private static final Duration WEEK = Duration.ofDays(7);
  private final SettableClock clock = new SettableClock();
  private final InMemoryJobStore store = new InMemoryJobStore(clock);

  private Job completedJob() {
    Job submitted = store.submit(NewJob.ofType("noop").build()).job();
    Job claimed =
        store.claim(ClaimRequest.of("noop", "node/boot", 1, Duration.ofSeconds(30))).get(0);
    store.complete(claimed.lease(), null);
    return submitted;
  }

  @Test
  void finished_jobs_older_than_the_retention_are_deleted_and_younger_ones_kept() {
    Job old = completedJob();
    clock.advance(Duration.ofDays(3));
    Job young = completedJob();
    Job stillQueued = store.submit(NewJob.ofType("noop").build()).job();
    var purger = new RetentionPurger(store, clock, WEEK, RetentionPurger.DEFAULT_INTERVAL);

    clock.advance(Duration.ofDays(5));
    assertThat(purger.runOnce()).isEqualTo(1);

    assertThat(store.get(old.id())).isEmpty();
    assertThat(store.get(young.id())).isPresent();
    assertThat(store.get(stillQueued.id())).isPresent();
  }

  @Test
  void one_pass_purges_a_backlog_many_steps_long_pausing_between_steps() {
    for (int i = 0; i < 2_500; i++) {
      store.submit(NewJob.ofType("noop").build());
    }
    for (Job job :
        store.claim(ClaimRequest.of("noop", "node/boot", 2_500, Duration.ofMinutes(1)))) {
      store.complete(job.lease(), null);
    }
    ScriptedTicker ticker = new ScriptedTicker();
    var purger = new RetentionPurger(store, clock, WEEK, RetentionPurger.DEFAULT_INTERVAL, ticker);
    clock.advance(WEEK.plusDays(1));

    assertThat(purger.runOnce()).isEqualTo(2_500);

    assertThat(store.stats().totals()).isEmpty();
    assertThat(ticker.pauses).hasSizeGreaterThanOrEqualTo(1);
  }

  @Test
  void one_pass_keeps_going_past_a_hundred_thousand_jobs_until_nothing_is_due() {
    int[] due = {250_000};
    JobStore backlog =
        (JobStore)
            Proxy.newProxyInstance(
                JobStore.class.getClassLoader(),
                new Class<?>[] {JobStore.class},
                (proxy, method, args) -> {
                  if (!method.getName().equals("purge")) {
                    throw new UnsupportedOperationException(method.getName());
                  }
                  int purged = Math.min(due[0], (Integer) args[1]);
                  due[0] -= purged;
                  return purged;
                });
    var purger =
        new RetentionPurger(
            backlog, clock, WEEK, RetentionPurger.DEFAULT_INTERVAL, new ScriptedTicker());

    assertThat(purger.runOnce()).isEqualTo(250_000);
    assertThat(due[0]).isZero();
  }

  @Test
  void purged_jobs_keep_their_history() {
    Job old = completedJob();
    var history = store.history(old.id());
    var purger = new RetentionPurger(store, clock, WEEK, RetentionPurger.DEFAULT_INTERVAL);
    clock.advance(WEEK.plusDays(1));

    purger.runOnce();

    assertThat(store.get(old.id())).isEmpty();
    assertThat(store.history(old.id())).isEqualTo(history);
  }

  @Test
  void a_retention_of_zero_keeps_finished_jobs_for_ever() {
    Job done = completedJob();
    var purger = new RetentionPurger(store, clock, Duration.ZERO, RetentionPurger.DEFAULT_INTERVAL);

    clock.advance(Duration.ofDays(10_000));

    assertThat(purger.runOnce()).isZero();
    assertThat(store.get(done.id())).isPresent();
  }
}
