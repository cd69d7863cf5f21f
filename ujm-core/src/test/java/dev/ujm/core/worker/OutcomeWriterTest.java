package dev.ujm.core.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.ujm.core.eta.AttemptEta;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.core.memory.InMemoryJobStore;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.Progress;
import dev.ujm.core.store.CancelRequest;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.worker.RetryPolicy.Jitter;
import java.io.IOException;
import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class OutcomeWriterTest {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private final SettableClock clock = new SettableClock();
  private final InMemoryJobStore store = new InMemoryJobStore(clock);

  /** Decorrelated jitter between equal base and cap: always exactly one minute. */
  private final RetryPolicy oneMinute =
      new RetryPolicy(
          Jitter.DECORRELATED,
          Duration.ofMinutes(1),
          Duration.ofMinutes(1),
          RandomGenerator.getDefault());

  private final OutcomeWriter writer =
      new OutcomeWriter(store, clock, oneMinute, AttemptObserver.NONE);

  private Attempt claim(int maxAttempts) {
    store.submit(NewJob.ofType("work").maxAttempts(maxAttempts).build());
    Job job = store.claim(ClaimRequest.of("work", "node/boot", 1, LEASE)).get(0);
    Attempt attempt =
        new Attempt(
            job,
            clock.instant(),
            new ProgressCoalescer(job.lease(), store, clock, AttemptEta.NONE));
    assertThat(attempt.beginFinishing()).isTrue();
    return attempt;
  }

  private Job reload(Attempt attempt) {
    return store.get(attempt.jobId()).orElseThrow();
  }

  @Test
  void a_completed_outcome_completes_the_job_with_its_result() {
    Attempt attempt = claim(3);

    var ending = writer.write(attempt, new JobOutcome.Completed(TextNode.valueOf("done")), null);

    assertThat(ending).isEqualTo(OutcomeWriter.Ending.COMPLETED);
    assertThat(reload(attempt).state()).isEqualTo(JobState.COMPLETED);
    assertThat(reload(attempt).result().asText()).isEqualTo("done");
    assertThat(attempt.phase()).isEqualTo(Attempt.Phase.DONE);
  }

  @Test
  void a_completed_job_keeps_the_last_progress_its_handler_reported() {
    Attempt attempt = claim(3);
    attempt.progress().offer(Progress.of(1, 2041, "fetching"));
    attempt.progress().offer(Progress.of(2041, 2041, "done")); // within the gap: still pending

    writer.write(attempt, JobOutcome.completed(), null);

    Job job = reload(attempt);
    assertThat(job.state()).isEqualTo(JobState.COMPLETED);
    assertThat(job.progress().current()).isEqualTo(2041L);
    assertThat(job.progress().percent()).isEqualTo(100);
  }

  @Test
  void a_thrown_exception_schedules_a_retry_after_the_policy_delay_with_the_exception_as_error() {
    Attempt attempt = claim(3);

    writer.write(attempt, null, new IOException("disk full"));

    Job job = reload(attempt);
    assertThat(job.state()).isEqualTo(JobState.SCHEDULED);
    assertThat(job.runAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
    assertThat(job.lastError().type()).isEqualTo("IOException");
    assertThat(job.lastError().message()).isEqualTo("disk full");
    assertThat(job.lastError().attempt()).isEqualTo(1);
  }

  @Test
  void retry_later_overrides_the_policy_delay() {
    Attempt attempt = claim(3);

    writer.write(attempt, JobOutcome.retryLater(Duration.ofHours(2), "rate limited"), null);

    Job job = reload(attempt);
    assertThat(job.state()).isEqualTo(JobState.SCHEDULED);
    assertThat(job.runAt()).isEqualTo(clock.instant().plus(Duration.ofHours(2)));
    assertThat(job.lastError().type()).isEqualTo("retry-later");
    assertThat(job.lastError().message()).isEqualTo("rate limited");
  }

  @Test
  void a_failed_outcome_dead_letters_the_job_even_with_attempts_left() {
    Attempt attempt = claim(5);

    var ending = writer.write(attempt, JobOutcome.failed("bad-input", "no such customer"), null);

    assertThat(ending).isEqualTo(OutcomeWriter.Ending.FAILED);
    assertThat(reload(attempt).state()).isEqualTo(JobState.FAILED);
    assertThat(reload(attempt).lastError().type()).isEqualTo("bad-input");
  }

  @Test
  void an_exception_on_the_last_attempt_dead_letters_the_job() {
    Attempt attempt = claim(1);

    writer.write(attempt, null, new IllegalStateException("broken"));

    assertThat(reload(attempt).state()).isEqualTo(JobState.FAILED);
  }

  @Test
  void a_cancelled_attempt_writes_nothing() {
    Attempt attempt = claim(3);
    store.cancel(new CancelRequest(attempt.jobId(), "user", "no longer needed"));
    attempt.stop(StopReason.CANCELLED, clock.instant());

    var ending = writer.write(attempt, null, new InterruptedException("cancelled"));

    assertThat(ending).isEqualTo(OutcomeWriter.Ending.NOTHING);
    assertThat(reload(attempt).state()).isEqualTo(JobState.CANCELLED);
    assertThat(reload(attempt).errors()).isEmpty();
  }

  @Test
  void a_timed_out_attempt_fails_with_error_type_timeout_and_is_retried() {
    Attempt attempt = claim(3);
    attempt.stop(StopReason.TIMED_OUT, clock.instant());

    writer.write(attempt, null, new InterruptedException());

    assertThat(reload(attempt).state()).isEqualTo(JobState.SCHEDULED);
    assertThat(reload(attempt).lastError().type()).isEqualTo("timeout");
  }

  @Test
  void a_write_with_a_stale_lease_ends_the_attempt_quietly() {
    Attempt attempt = claim(3);
    clock.advance(LEASE.plusSeconds(1));
    store.requeueExpired(
        10); // the worker stalled: its lease expired and the job went back to the queue

    var ending = writer.write(attempt, JobOutcome.completed(), null);

    assertThat(ending).isEqualTo(OutcomeWriter.Ending.LEASE_LOST);
    assertThat(reload(attempt).state()).isEqualTo(JobState.QUEUED);
    assertThat(attempt.phase()).isEqualTo(Attempt.Phase.DONE);
  }
}
