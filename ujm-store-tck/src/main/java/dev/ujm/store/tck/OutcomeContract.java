package dev.ujm.store.tck;

import static dev.ujm.core.model.JobState.COMPLETED;
import static dev.ujm.core.model.JobState.FAILED;
import static dev.ujm.core.model.JobState.QUEUED;
import static dev.ujm.core.model.JobState.SCHEDULED;
import static dev.ujm.test.JobFixtures.aJob;
import static dev.ujm.test.JobFixtures.anError;
import static dev.ujm.test.JobFixtures.json;
import static dev.ujm.test.UjmAssertions.assertThat;
import static dev.ujm.test.UjmAssertions.assertThatThrownBy;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobError;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.StaleLeaseException;
import dev.ujm.core.store.CancelRequest;
import dev.ujm.core.store.FailRequest;
import dev.ujm.core.store.JobQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * How attempts end: completion with a result, failure with a retry after backoff, the dead-letter
 * queue once attempts are used up, and a re-drive of a dead job with one more attempt.
 */
public abstract class OutcomeContract extends StoreContractBase {
  protected OutcomeContract(JobStoreContract contract) {
    super(contract);
  }

  private JobEvent lastEvent(Job job) {
    List<JobEvent> history = store.history(job.id());
    return history.get(history.size() - 1);
  }

  private Job failOnce(Job running, Instant retryAt) {
    return store.fail(
        new FailRequest(
            running.lease(), anError("Boom", running.attempt(), clock.instant()), retryAt));
  }

  @Test
  void a_completed_job_keeps_its_result() {
    Job job = running("w1");
    Instant now = clock.advance(Duration.ofSeconds(3));

    Job done = store.complete(job.lease(), json("pages", 12));

    assertThat(done)
        .hasState(COMPLETED)
        .hasResult(json("pages", 12))
        .isFinishedAt(now)
        .hasNoLease()
        .isFinal();
    assertThat(done.updatedAt()).isEqualTo(now);
    assertThat(reload(job)).isEqualTo(done);
    assertThat(lastEvent(job).reason()).isEqualTo("completed");
  }

  @Test
  void a_failure_with_a_retry_time_schedules_the_next_attempt() {
    Job job = running(aJob().maxAttempts(3), "w1");
    Instant retryAt = clock.instant().plusSeconds(10);

    Job failed = failOnce(job, retryAt);

    assertThat(failed)
        .hasState(SCHEDULED)
        .hasRunAt(retryAt)
        .hasAttempt(1)
        .hasNoLease()
        .hasErrorCount(1)
        .isUnfinished();
    assertThat(failed.workerId()).isNull();
    assertThat(failed.lastError().type()).isEqualTo("Boom");
    assertThat(lastEvent(job).reason()).isEqualTo("retry scheduled");

    assertThat(store.promoteDue(10)).isZero();
    clock.advance(Duration.ofSeconds(10));
    assertThat(store.promoteDue(10)).isEqualTo(1);
    assertThat(claimOne("noop", "w2")).hasAttempt(2).hasErrorCount(1);
  }

  @Test
  void a_job_goes_to_the_dead_letter_queue_after_its_last_attempt() {
    Job job = submit(aJob().maxAttempts(2));
    for (int attempt = 1; attempt <= 2; attempt++) {
      clock.advance(Duration.ofSeconds(60));
      store.promoteDue(10);
      failOnce(claimOne("noop", "w" + attempt), clock.instant().plusSeconds(1));
    }

    Job dead = reload(job);

    assertThat(dead)
        .hasState(FAILED)
        .hasAttempt(2)
        .hasErrorCount(2)
        .isFinishedAt(clock.instant())
        .isFinal();
    assertThat(dead.errors()).extracting(JobError::attempt).containsExactly(1, 2);
    assertThat(lastEvent(job).reason()).isEqualTo("failed");
    assertThat(store.find(JobQuery.all(10).withStates(Set.of(FAILED))).items())
        .containsExactly(dead);
    assertThat(claim("noop", "w3", 10)).isEmpty();
  }

  @Test
  void a_failure_without_a_retry_time_fails_for_good_even_with_attempts_left() {
    Job job = running(aJob().maxAttempts(5), "w1");

    Job failed = failOnce(job, null);

    assertThat(failed).hasState(FAILED).hasAttempt(1).hasErrorCount(1).isFinal();
  }

  @Test
  void a_retry_re_drives_a_failed_job_with_one_more_attempt() {
    Job job = running(aJob().maxAttempts(1), "w1");
    failOnce(job, clock.instant().plusSeconds(5));
    assertThat(reload(job)).hasState(FAILED);

    Job retried = store.retry(job.id(), "alice");

    assertThat(retried)
        .hasState(QUEUED)
        .hasAttempt(1)
        .hasMaxAttempts(2)
        .hasRunAt(null)
        .isUnfinished()
        .hasNoLease();
    assertThat(retried.workerId()).isNull();
    assertThat(lastEvent(job).reason()).isEqualTo("retried");
    assertThat(lastEvent(job).actor()).isEqualTo("alice");
    assertThat(claimOne("noop", "w2")).hasAttempt(2);
  }

  @Test
  void a_retry_re_drives_a_cancelled_job() {
    Job job = submit();
    store.cancel(new CancelRequest(job.id(), "alice", null));

    Job retried = store.retry(job.id(), "bob");

    assertThat(retried).hasState(QUEUED).hasAttempt(0).hasMaxAttempts(1).isUnfinished();
    assertThat(claimOne("noop", "w1")).hasAttempt(1);
  }

  @Test
  void an_old_lease_stays_fenced_after_a_retry() {
    Job job = running(aJob().maxAttempts(1), "w1");
    failOnce(job, null);
    store.retry(job.id(), "alice");
    Job again = claimOne("noop", "w1");

    assertThat(again).hasAttempt(2);
    assertThatThrownBy(() -> store.complete(job.lease(), null))
        .isInstanceOf(StaleLeaseException.class);
  }
}
