package dev.ujm.store.tck;

import static dev.ujm.test.JobFixtures.aJob;
import static dev.ujm.test.UjmAssertions.assertThat;
import static dev.ujm.test.UjmAssertions.assertThatThrownBy;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.StaleLeaseException;
import dev.ujm.core.store.CancelRequest;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.HeartbeatRequest;
import dev.ujm.core.store.HeartbeatResult;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.store.SubmitResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Two stores opened on one data set, as two nodes on one backend: each sees the other's moves, and
 * the contract holds across them (no job claimed twice, fencing, idempotency, duties).
 */
public abstract class SecondNodeContract extends StoreContractBase {
  protected SecondNodeContract(JobStoreContract contract) {
    super(contract);
  }

  @Test
  void two_nodes_claiming_at_once_never_take_the_same_job() throws Exception {
    JobStore second = openAnother(store);
    List<NewJob> jobs = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      jobs.add(aJob().build());
    }
    store.submitAll(jobs);
    List<String> claimed = Collections.synchronizedList(new ArrayList<>());
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        JobStore node = t % 2 == 0 ? store : second;
        String worker = "w" + t;
        runs.add(
            threads.submit(
                () -> {
                  List<Job> got;
                  do {
                    got = node.claim(ClaimRequest.of("noop", worker, 7, LEASE));
                    got.forEach(job -> claimed.add(job.id()));
                  } while (!got.isEmpty());
                }));
      }
      for (Future<?> run : runs) {
        run.get();
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(claimed).hasSize(400).doesNotHaveDuplicates();
  }

  @Test
  void a_cancel_on_one_node_is_seen_by_the_heartbeat_of_the_other() {
    JobStore second = openAnother(store);
    Job job = running("w1");

    second.cancel(new CancelRequest(job.id(), "alice", null));
    HeartbeatResult beat = store.heartbeat(new HeartbeatRequest("w1", List.of(job.lease()), LEASE));

    assertThat(beat.cancelled()).containsExactly(job.id());
    assertThatThrownBy(() -> store.complete(job.lease(), null))
        .isInstanceOf(StaleLeaseException.class);
  }

  @Test
  void the_other_nodes_orphan_reaper_takes_back_an_expired_lease_and_fences_the_old_holder() {
    JobStore second = openAnother(store);
    Job job = running("node-a/1");
    clock.advance(LEASE.plusSeconds(1));

    assertThat(second.requeueExpired(10)).isEqualTo(1);
    Job again = second.claim(ClaimRequest.of("noop", "node-b/1", 1, LEASE)).getFirst();

    assertThat(again.id()).isEqualTo(job.id());
    assertThatThrownBy(() -> store.complete(job.lease(), null))
        .isInstanceOf(StaleLeaseException.class);
    assertThat(store.complete(again.lease(), null)).hasState(JobState.COMPLETED);
  }

  @Test
  void an_idempotency_key_is_one_job_across_nodes() {
    JobStore second = openAnother(store);
    SubmitResult first = store.submit(aJob().tenant("acme").idempotencyKey("order-9").build());

    SubmitResult repeat = second.submit(aJob().tenant("acme").idempotencyKey("order-9").build());

    assertThat(repeat.created()).isFalse();
    assertThat(repeat.job().id()).isEqualTo(first.job().id());
  }
}
