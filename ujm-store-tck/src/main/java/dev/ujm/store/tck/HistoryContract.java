package dev.ujm.store.tck;

import static dev.ujm.core.model.JobState.COMPLETED;
import static dev.ujm.core.model.JobState.PROCESSING;
import static dev.ujm.core.model.JobState.QUEUED;
import static dev.ujm.core.model.JobState.SCHEDULED;
import static dev.ujm.core.model.Transition.CLAIM;
import static dev.ujm.core.model.Transition.COMPLETE;
import static dev.ujm.core.model.Transition.PROMOTE;
import static dev.ujm.core.model.Transition.RETRY_LATER;
import static dev.ujm.core.model.Transition.SUBMIT;
import static dev.ujm.test.JobFixtures.aJob;
import static dev.ujm.test.JobFixtures.aJobIn;
import static dev.ujm.test.JobFixtures.anError;
import static dev.ujm.test.JobFixtures.json;
import static dev.ujm.test.UjmAssertions.assertThat;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.Progress;
import dev.ujm.core.model.Transition;
import dev.ujm.core.store.FailRequest;
import dev.ujm.core.store.HeartbeatRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The audit trail: one event per state change, oldest first, with the state before and after, the
 * attempt after the change, the worker holding or taking the job, the actor, the reason and the
 * instant.
 */
public abstract class HistoryContract extends StoreContractBase {
  protected HistoryContract(JobStoreContract contract) {
    super(contract);
  }

  @Test
  void the_audit_trail_lists_every_change_of_a_job_oldest_first() {
    Instant t0 = clock.instant();
    Job job = submit(aJob().actor("key-17").maxAttempts(2));
    Instant t1 = clock.advance(Duration.ofSeconds(1));
    Job first = claimOne("noop", "w1");
    Instant t2 = clock.advance(Duration.ofSeconds(1));
    store.fail(new FailRequest(first.lease(), anError("Boom", 1, t2), t2.plusSeconds(10)));
    Instant t3 = clock.advance(Duration.ofSeconds(10));
    store.promoteDue(10);
    Instant t4 = clock.advance(Duration.ofSeconds(1));
    Job second = claimOne("noop", "w2");
    Instant t5 = clock.advance(Duration.ofSeconds(1));
    store.complete(second.lease(), json("ok", true));

    assertThat(store.history(job.id()))
        .containsExactly(
            new JobEvent(job.id(), null, QUEUED, 0, null, "key-17", "submitted", t0, SUBMIT),
            new JobEvent(job.id(), QUEUED, PROCESSING, 1, "w1", "worker", "claimed", t1, CLAIM),
            new JobEvent(
                job.id(),
                PROCESSING,
                SCHEDULED,
                1,
                "w1",
                "worker",
                "retry scheduled",
                t2,
                RETRY_LATER),
            new JobEvent(
                job.id(), SCHEDULED, QUEUED, 1, null, "scheduler", "run time reached", t3, PROMOTE),
            new JobEvent(job.id(), QUEUED, PROCESSING, 2, "w2", "worker", "claimed", t4, CLAIM),
            new JobEvent(
                job.id(), PROCESSING, COMPLETED, 2, "w2", "worker", "completed", t5, COMPLETE));
  }

  @Test
  void a_submit_without_actor_is_recorded_as_the_system() {
    Job job = submit();

    assertThat(store.history(job.id()))
        .containsExactly(
            new JobEvent(
                job.id(), null, QUEUED, 0, null, "system", "submitted", job.createdAt(), SUBMIT));
  }

  @Test
  void duties_are_named_in_the_events_they_cause() {
    Job expired = running("w1");
    clock.advance(LEASE.plusSeconds(1));
    store.requeueExpired(10);
    Job held = running(aJobIn("held"), "node-a/1");
    store.requeueHeldBy("node-a/", "node restarted");

    JobEvent lease = store.history(expired.id()).get(2);
    JobEvent restart = store.history(held.id()).get(2);

    assertThat(lease.transition()).isEqualTo(Transition.REQUEUE_EXPIRED);
    assertThat(restart.transition()).isEqualTo(Transition.REQUEUE_HELD);
    assertThat(lease.actor()).isEqualTo("orphan-reaper");
    assertThat(lease.reason()).isEqualTo("lease expired");
    assertThat(lease.workerId()).isEqualTo("w1");
    assertThat(lease.attempt()).isEqualTo(1);
    assertThat(restart.actor()).isEqualTo("system");
    assertThat(restart.workerId()).isEqualTo("node-a/1");
    assertThat(restart.attempt()).isZero();
  }

  @Test
  void progress_checkpoints_heartbeats_and_results_write_no_event() {
    Job job = running("w1");
    List<JobEvent> before = store.history(job.id());

    store.progress(job.lease(), Progress.of(1, 2, "half"));
    store.checkpoint(job.lease(), json("page", 1));
    store.heartbeat(new HeartbeatRequest("w1", List.of(job.lease()), LEASE));
    store.appendResults(job.lease(), List.of(json("page", 1)));

    assertThat(store.history(job.id())).isEqualTo(before);
    assertThat(reload(job).progress()).isEqualTo(Progress.of(1, 2, "half"));
  }
}
