package dev.ujm.core.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.diagnostic.FlakyJob;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.RetryBackoff;
import dev.ujm.core.model.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Retries wait longer after every failure, as configured: the waits are read from the job's audit
 * trail (each {@code retry-later} to the {@code promote} that ran it again) on a clock that moves
 * only to the retry times.
 */
class RetryBackoffTest {
  private final SettableClock clock = new SettableClock();
  private final WorkerFixture fixture = new WorkerFixture(clock).register(FlakyJob.definition());

  @AfterEach
  void stop() {
    fixture.close();
  }

  /** Lets the job fail {@code failures} times, moving the clock to each retry time. */
  private List<Duration> waitsOf(NewJob job, int failures) {
    String id = fixture.submit(job).id();
    for (int i = 0; i < failures; i++) {
      Job scheduled = fixture.awaitState(id, JobState.SCHEDULED);
      clock.advance(Duration.between(clock.instant(), scheduled.runAt()));
      fixture.awaitState(id, i == failures - 1 ? JobState.COMPLETED : JobState.SCHEDULED);
    }
    List<JobEvent> history = fixture.jobs.history(id);
    List<Duration> waits = new ArrayList<>();
    Instant failedAt = null;
    for (JobEvent event : history) {
      if (event.transition() == Transition.RETRY_LATER) {
        failedAt = event.at();
      } else if (event.transition() == Transition.PROMOTE) {
        waits.add(Duration.between(failedAt, event.at()));
      }
    }
    return waits;
  }

  @Test
  void each_retry_waits_between_half_and_all_of_a_step_that_doubles_up_to_the_maximum() {
    fixture.start(
        Map.of(),
        b ->
            b.retryPolicy(
                RetryPolicy.from(
                    UjmConfig.from(
                        Map.of("UJM_RETRY_BASE_SECONDS", "10", "UJM_RETRY_MAX_SECONDS", "30")))));

    List<Duration> waits =
        waitsOf(
            NewJob.ofType(FlakyJob.TYPE).payload(new FlakyJob.Payload(4)).maxAttempts(5).build(),
            4);

    assertThat(waits).hasSize(4);
    assertThat(waits.get(0)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
    assertThat(waits.get(1)).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(20));
    assertThat(waits.get(2)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
    assertThat(waits.get(3)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
  }

  @Test
  void a_jobs_own_backoff_replaces_the_nodes() {
    fixture.start(Map.of(), b -> b.retryPolicy(RetryPolicy.defaults()));

    List<Duration> waits =
        waitsOf(
            NewJob.ofType(FlakyJob.TYPE)
                .payload(new FlakyJob.Payload(2))
                .retryBackoff(new RetryBackoff(100, 150))
                .build(),
            2);

    assertThat(waits.get(0)).isBetween(Duration.ofSeconds(50), Duration.ofSeconds(100));
    assertThat(waits.get(1)).isBetween(Duration.ofSeconds(75), Duration.ofSeconds(150));
  }
}
