package dev.ujm.store.tck;

import static dev.ujm.core.model.JobState.FAILED;
import static dev.ujm.core.model.JobState.PROCESSING;
import static dev.ujm.core.model.JobState.QUEUED;
import static dev.ujm.test.JobFixtures.aJob;
import static dev.ujm.test.JobFixtures.aJobIn;
import static dev.ujm.test.JobFixtures.json;
import static dev.ujm.test.UjmAssertions.assertThat;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.Lease;
import dev.ujm.core.store.HeartbeatRequest;
import dev.ujm.core.store.HeartbeatResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Leases: heartbeats extend them, an expired one is requeued with its checkpoint (or fails on the
 * last attempt), a restarted node hands back what it held, and a worker can hand a job back without
 * spending the attempt.
 */
public abstract class LeaseContract extends StoreContractBase {
  protected LeaseContract(JobStoreContract contract) {
    super(contract);
  }

  private HeartbeatResult heartbeat(String workerId, Lease... leases) {
    return store.heartbeat(new HeartbeatRequest(workerId, List.of(leases), LEASE));
  }

  private JobEvent lastEvent(Job job) {
    List<JobEvent> history = store.history(job.id());
    return history.get(history.size() - 1);
  }

  @Test
  void a_heartbeat_extends_the_leases_still_held() {
    Job job = running("w1");
    Instant now = clock.advance(Duration.ofSeconds(20));

    HeartbeatResult result = heartbeat("w1", job.lease());

    assertThat(result.lost()).isEmpty();
    assertThat(result.cancelled()).isEmpty();
    assertThat(reload(job)).isLeasedBy("w1", now.plus(LEASE)).hasAttempt(1);
  }

  @Test
  void a_heartbeat_keeps_a_job_from_being_requeued() {
    Job job = running("w1");
    clock.advance(Duration.ofSeconds(20));
    heartbeat("w1", job.lease());
    clock.advance(Duration.ofSeconds(20));

    assertThat(store.requeueExpired(100)).isZero();
    assertThat(reload(job)).hasState(PROCESSING);
  }

  @Test
  void a_heartbeat_reports_the_leases_the_worker_no_longer_holds() {
    Job requeued = running("w1");
    store.requeueHeldBy("w1", "node restarted");
    Job held = running(aJobIn("other"), "w2");
    Lease wrongAttempt = new Lease(held.id(), "w2", held.attempt() + 1);
    Lease otherWorker = new Lease(held.id(), "w3", held.attempt());
    clock.advance(Duration.ofSeconds(5));

    HeartbeatResult result =
        heartbeat("w1", requeued.lease(), wrongAttempt, otherWorker, new Lease("gone", "w1", 1));

    assertThat(result.lost()).containsExactlyInAnyOrder(requeued.id(), held.id(), "gone");
    assertThat(result.cancelled()).isEmpty();
    assertThat(reload(held)).as("no lease was extended").isLeasedBy("w2", held.leaseUntil());
  }

  @Test
  void an_expired_lease_is_requeued_with_its_checkpoint() {
    Job job = running(aJob().maxAttempts(3), "w1");
    store.checkpoint(job.lease(), json("page", 3));
    Instant now = clock.advance(LEASE.plusSeconds(1));

    assertThat(store.requeueExpired(100)).isEqualTo(1);

    assertThat(reload(job))
        .hasState(QUEUED)
        .hasAttempt(1)
        .hasNoLease()
        .hasCheckpoint(json("page", 3))
        .hasErrorCount(1)
        .hasLastErrorType("lease-expired");
    assertThat(reload(job).workerId()).isNull();
    assertThat(reload(job).lastError().attempt()).isEqualTo(1);
    assertThat(lastEvent(job).reason()).isEqualTo("lease expired");
    assertThat(lastEvent(job).at()).isEqualTo(now);
    Job again = claimOne("noop", "w2");
    assertThat(again).hasAttempt(2).hasCheckpoint(json("page", 3));
  }

  @Test
  void a_lease_is_expired_only_once_its_end_has_passed() {
    Job job = running("w1");
    clock.advance(LEASE);

    assertThat(store.requeueExpired(100)).as("lease ends exactly now").isZero();
    clock.advance(Duration.ofMillis(1));
    assertThat(store.requeueExpired(100)).isEqualTo(1);
    assertThat(reload(job)).hasState(QUEUED);
  }

  @Test
  void an_expired_lease_on_the_last_attempt_fails_the_job() {
    Job job = running(aJob().maxAttempts(1), "w1");
    Instant now = clock.advance(LEASE.plusSeconds(1));

    assertThat(store.requeueExpired(100)).isEqualTo(1);

    assertThat(reload(job))
        .hasState(FAILED)
        .isFinishedAt(now)
        .hasNoLease()
        .hasLastErrorType("lease-expired");
    assertThat(lastEvent(job).reason()).isEqualTo("lease expired, attempts exhausted");
  }

  @Test
  void requeueing_expired_leases_stops_at_its_limit() {
    for (int i = 0; i < 5; i++) {
      running("w1");
    }
    clock.advance(LEASE.plusSeconds(1));

    assertThat(store.requeueExpired(3)).isEqualTo(3);
    assertThat(store.requeueExpired(3)).isEqualTo(2);
    assertThat(store.requeueExpired(3)).isZero();
  }

  @Test
  void a_restarted_node_hands_back_what_it_held_without_spending_the_attempts() {
    Job a1 = running("node-a/1");
    Job a2 = running("node-a/2");
    Job b1 = running("node-b/1");

    assertThat(store.requeueHeldBy("node-a/", "node restarted")).isEqualTo(2);

    for (Job job : List.of(a1, a2)) {
      assertThat(reload(job)).hasState(QUEUED).hasAttempt(0).hasNoLease();
      assertThat(reload(job).workerId()).isNull();
      assertThat(lastEvent(job).reason()).isEqualTo("node restarted");
    }
    assertThat(reload(b1)).isLeasedBy("node-b/1", b1.leaseUntil());
  }

  @Test
  void a_released_job_goes_back_to_the_queue_without_spending_the_attempt() {
    Job job = running("w1");
    store.checkpoint(job.lease(), json("offset", 42));

    Job released = store.release(job.lease(), "shutting down");

    assertThat(released)
        .hasState(QUEUED)
        .hasAttempt(0)
        .hasNoLease()
        .hasCheckpoint(json("offset", 42));
    assertThat(released.workerId()).isNull();
    assertThat(reload(job)).isEqualTo(released);
    assertThat(lastEvent(job).reason()).isEqualTo("shutting down");
    assertThat(claimOne("noop", "w2")).hasAttempt(1).hasCheckpoint(json("offset", 42));
  }
}
