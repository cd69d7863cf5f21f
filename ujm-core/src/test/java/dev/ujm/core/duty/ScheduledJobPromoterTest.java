package dev.ujm.core.duty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.core.memory.InMemoryJobStore;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.worker.SettableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScheduledJobPromoterTest {
  private final SettableClock clock = new SettableClock();
  private final InMemoryJobStore store = new InMemoryJobStore(clock);
  private final ScheduledJobPromoter promoter =
      new ScheduledJobPromoter(store, ScheduledJobPromoter.DEFAULT_INTERVAL);

  @Test
  void a_delayed_job_is_queued_once_its_run_time_has_come_and_not_before() {
    Job delayed =
        store
            .submit(
                NewJob.ofType("report").runAt(clock.instant().plus(Duration.ofMinutes(5))).build())
            .job();
    assertThat(delayed.state()).isEqualTo(JobState.SCHEDULED);

    clock.advance(Duration.ofMinutes(4));
    assertThat(promoter.runOnce()).isZero();
    assertThat(store.get(delayed.id()).orElseThrow().state()).isEqualTo(JobState.SCHEDULED);

    clock.advance(Duration.ofMinutes(1));
    assertThat(promoter.runOnce()).isEqualTo(1);
    assertThat(store.get(delayed.id()).orElseThrow().state()).isEqualTo(JobState.QUEUED);
  }

  @Test
  void it_runs_often_enough_to_keep_delays_accurate() {
    assertThat(promoter.interval()).isLessThanOrEqualTo(Duration.ofMillis(250));
    assertThat(promoter.name()).isEqualTo("scheduled-job-promoter");
  }
}
