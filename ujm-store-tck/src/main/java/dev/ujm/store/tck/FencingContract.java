package dev.ujm.store.tck;

import static dev.ujm.test.JobFixtures.anError;
import static dev.ujm.test.JobFixtures.json;
import static dev.ujm.test.UjmAssertions.assertThat;
import static dev.ujm.test.UjmAssertions.assertThatThrownBy;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.Lease;
import dev.ujm.core.model.Progress;
import dev.ujm.core.model.StaleLeaseException;
import dev.ujm.core.store.FailRequest;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fencing: once a job was requeued and claimed again, every write the first worker can make
 * (complete, fail, release, cancel its own job, progress, checkpoint, result items) is rejected
 * with {@link StaleLeaseException} and leaves the newer attempt exactly as it was.
 */
public abstract class FencingContract extends StoreContractBase {
  private Lease stale;
  private Job newer;

  protected FencingContract(JobStoreContract contract) {
    super(contract);
  }

  /** w1 claims attempt 1, its lease expires, the job is requeued and w2 claims attempt 2. */
  @BeforeEach
  void aJobClaimedAgainAfterItsLeaseExpired() {
    Job first = running("w1");
    stale = first.lease();
    clock.advance(LEASE.plusSeconds(1));
    assertThat(store.requeueExpired(10)).isEqualTo(1);
    newer = claimOne(first.queue(), "w2");
    assertThat(newer).hasAttempt(2);
  }

  private void assertRejectedAndNothingChanged(ThrowingCallable staleWrite) {
    Job before = reload(newer);
    List<JobEvent> historyBefore = store.history(newer.id());

    assertThatThrownBy(staleWrite).isInstanceOf(StaleLeaseException.class);

    assertThat(reload(newer)).isEqualTo(before);
    assertThat(store.history(newer.id())).isEqualTo(historyBefore);
  }

  @Test
  void a_stale_worker_cannot_complete_the_job() {
    assertRejectedAndNothingChanged(() -> store.complete(stale, json("from", "w1")));
  }

  @Test
  void a_stale_worker_cannot_report_progress() {
    assertRejectedAndNothingChanged(() -> store.progress(stale, Progress.of(5, 10, "half")));
  }

  @Test
  void a_stale_worker_cannot_save_a_checkpoint() {
    assertRejectedAndNothingChanged(() -> store.checkpoint(stale, json("page", 99)));
  }

  @Test
  void a_stale_worker_cannot_fail_the_job() {
    assertRejectedAndNothingChanged(
        () -> store.fail(new FailRequest(stale, anError("Boom", 1, clock.instant()), null)));
  }

  @Test
  void a_stale_worker_cannot_release_the_job() {
    assertRejectedAndNothingChanged(() -> store.release(stale, "shutting down"));
  }

  @Test
  void a_stale_worker_cannot_cancel_the_job_as_its_own() {
    assertRejectedAndNothingChanged(() -> store.cancelOwn(stale, "cancelled by its handler"));
  }

  @Test
  void a_stale_worker_cannot_append_results() {
    assertRejectedAndNothingChanged(() -> store.appendResults(stale, List.of(json("page", 1))));
    assertThat(store.results(newer.id(), null, 10).items()).isEmpty();
  }

  @Test
  void the_same_worker_with_an_old_attempt_is_stale_too() {
    Lease sameWorkerOldAttempt = new Lease(newer.id(), "w2", 1);

    assertRejectedAndNothingChanged(() -> store.complete(sameWorkerOldAttempt, null));
  }

  @Test
  void the_newer_attempt_still_completes_after_the_stale_writes() {
    assertThatThrownBy(() -> store.complete(stale, json("from", "w1")))
        .isInstanceOf(StaleLeaseException.class);

    Job done = store.complete(newer.lease(), json("from", "w2"));

    assertThat(done).hasState(JobState.COMPLETED).hasResult(json("from", "w2"));
  }

  @Test
  void the_current_worker_may_cancel_its_own_job_and_the_jobs_waiting_on_it_follow() {
    Job waiting = submit(dev.ujm.test.JobFixtures.aJob().dependsOn(List.of(newer.id())));

    Job cancelled = store.cancelOwn(newer.lease(), null);

    assertThat(cancelled).hasState(JobState.CANCELLED);
    assertThat(store.history(newer.id()).getLast().reason()).isEqualTo("cancelled by its handler");
    assertThat(store.history(newer.id()).getLast().actor()).isEqualTo("worker");
    assertThat(reload(waiting)).hasState(JobState.CANCELLED);
  }

  @Test
  void a_lease_on_a_job_that_is_not_processing_is_stale() {
    Job queued = submit();

    assertThatThrownBy(() -> store.complete(new Lease(queued.id(), "w1", 1), null))
        .isInstanceOf(StaleLeaseException.class);
    assertThat(reload(queued)).isEqualTo(queued);
  }
}
