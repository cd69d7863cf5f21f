package dev.ujm.store.tck;

import static dev.ujm.core.model.JobState.CANCELLED;
import static dev.ujm.core.model.JobState.COMPLETED;
import static dev.ujm.core.model.JobState.FAILED;
import static dev.ujm.core.model.JobState.PROCESSING;
import static dev.ujm.core.model.JobState.QUEUED;
import static dev.ujm.test.JobFixtures.aJob;
import static dev.ujm.test.JobFixtures.anError;
import static dev.ujm.test.UjmAssertions.assertThat;
import static dev.ujm.test.UjmAssertions.assertThatThrownBy;

import dev.ujm.core.model.IllegalTransitionException;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobNotFoundException;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.StaleLeaseException;
import dev.ujm.core.store.CancelRequest;
import dev.ujm.core.store.FailRequest;
import dev.ujm.core.store.HeartbeatRequest;
import dev.ujm.core.store.HeartbeatResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Cancelling, and moves the state table forbids: a forbidden move throws {@link
 * IllegalTransitionException} and changes nothing, not even the audit trail.
 */
public abstract class CancelContract extends StoreContractBase {
  protected CancelContract(JobStoreContract contract) {
    super(contract);
  }

  private Job cancel(Job job) {
    return store.cancel(new CancelRequest(job.id(), "alice", "no longer needed"));
  }

  private void assertIllegalAndNothingChanged(Job job, JobState to, ThrowingCallable move) {
    Job before = reload(job);
    List<JobEvent> history = store.history(job.id());

    assertThatThrownBy(move)
        .isInstanceOfSatisfying(
            IllegalTransitionException.class,
            e -> {
              assertThat(e.from()).isEqualTo(before.state());
              assertThat(e.to()).isEqualTo(to);
            });

    assertThat(reload(job)).isEqualTo(before);
    assertThat(store.history(job.id())).isEqualTo(history);
  }

  @Test
  void a_queued_job_can_be_cancelled() {
    Job job = submit();
    Instant now = clock.advance(Duration.ofSeconds(2));

    Job cancelled = cancel(job);

    assertThat(cancelled).hasState(CANCELLED).isFinishedAt(now).hasNoLease().isFinal();
    JobEvent event = store.history(job.id()).get(1);
    assertThat(event.from()).isEqualTo(QUEUED);
    assertThat(event.actor()).isEqualTo("alice");
    assertThat(event.reason()).isEqualTo("no longer needed");
    assertThat(claim("noop", "w1", 10)).isEmpty();
  }

  @Test
  void scheduled_and_waiting_jobs_can_be_cancelled() {
    Job scheduled = submit(aJob().runAt(clock.instant().plusSeconds(60)));
    Job waiting = submit(aJob().dependsOn(List.of(submit().id())));

    assertThat(cancel(scheduled)).hasState(CANCELLED);
    assertThat(cancel(waiting)).hasState(CANCELLED);
    clock.advance(Duration.ofSeconds(60));
    assertThat(store.promoteDue(10)).isZero();
  }

  @Test
  void a_running_job_is_cancelled_at_once_and_its_worker_learns_it_by_heartbeat() {
    Job job = running("w1");

    assertThat(cancel(job)).hasState(CANCELLED).hasNoLease();
    HeartbeatResult heartbeat =
        store.heartbeat(new HeartbeatRequest("w1", List.of(job.lease()), LEASE));

    assertThat(heartbeat.lost()).containsExactly(job.id());
    assertThat(heartbeat.cancelled()).containsExactly(job.id());
    assertThatThrownBy(() -> store.complete(job.lease(), null))
        .isInstanceOf(StaleLeaseException.class);
    assertThat(reload(job)).hasState(CANCELLED);
  }

  @Test
  void a_cancel_without_actor_or_reason_is_recorded_as_the_system() {
    Job job = submit();

    store.cancel(new CancelRequest(job.id(), null, null));

    JobEvent event = store.history(job.id()).get(1);
    assertThat(event.actor()).isEqualTo("system");
    assertThat(event.reason()).isEqualTo("cancelled");
  }

  @Test
  void finished_jobs_cannot_be_cancelled() {
    Job done = running("w1");
    store.complete(done.lease(), null);
    Job cancelled = submit();
    cancel(cancelled);

    assertIllegalAndNothingChanged(done, CANCELLED, () -> cancel(done));
    assertIllegalAndNothingChanged(cancelled, CANCELLED, () -> cancel(cancelled));
  }

  @Test
  void only_failed_or_cancelled_jobs_can_be_retried() {
    Job queued = submit();
    Job scheduled = submit(aJob().runAt(clock.instant().plusSeconds(60)));
    Job waiting = submit(aJob().dependsOn(List.of(queued.id())));
    Job processing = running(aJob("other"), "w1");
    Job completed = running(aJob("third"), "w1");
    store.complete(completed.lease(), null);

    for (Job job : List.of(queued, scheduled, waiting, processing, completed)) {
      assertIllegalAndNothingChanged(job, QUEUED, () -> store.retry(job.id(), "alice"));
    }
    assertThat(reload(processing)).hasState(PROCESSING);
    assertThat(reload(completed)).hasState(COMPLETED);
  }

  @Test
  void a_failed_job_cannot_be_cancelled() {
    Job job = running("w1");
    store.fail(new FailRequest(job.lease(), anError("Boom", 1, clock.instant()), null));

    assertThat(reload(job)).hasState(FAILED);
    assertIllegalAndNothingChanged(job, CANCELLED, () -> cancel(job));
  }

  @Test
  void methods_that_name_an_unknown_job_say_so() {
    assertThatThrownBy(() -> store.cancel(new CancelRequest("no-such-job", "alice", null)))
        .isInstanceOf(JobNotFoundException.class);
    assertThatThrownBy(() -> store.retry("no-such-job", "alice"))
        .isInstanceOf(JobNotFoundException.class);
    assertThatThrownBy(() -> store.history("no-such-job")).isInstanceOf(JobNotFoundException.class);
    assertThatThrownBy(() -> store.results("no-such-job", null, 10))
        .isInstanceOf(JobNotFoundException.class);
    assertThat(store.get("no-such-job")).isEmpty();
  }
}
