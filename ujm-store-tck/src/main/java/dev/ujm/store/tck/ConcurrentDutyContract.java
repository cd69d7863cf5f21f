package dev.ujm.store.tck;

import static dev.ujm.test.JobFixtures.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.Transition;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.JobStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The duties may run on several nodes at once: three of them racing over one backlog (two through a
 * second store on the same data) act on every job exactly once.
 */
public abstract class ConcurrentDutyContract extends StoreContractBase {
  private static final int JOBS = 300;

  protected ConcurrentDutyContract(JobStoreContract contract) {
    super(contract);
  }

  /** Runs the pass from three threads until each sees nothing left; returns the total acted on. */
  private int fromThreeThreadsAtOnce(IntUnaryOperator onFirst, IntUnaryOperator onSecond)
      throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try {
      List<Future<Integer>> runs = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        IntUnaryOperator pass = t == 0 ? onFirst : onSecond;
        Callable<Integer> loop =
            () -> {
              int total = 0;
              int n;
              do {
                n = pass.applyAsInt(17);
                total += n;
              } while (n > 0);
              return total;
            };
        runs.add(threads.submit(loop));
      }
      int total = 0;
      for (Future<Integer> run : runs) {
        total += run.get();
      }
      return total;
    } finally {
      threads.shutdownNow();
    }
  }

  private List<Job> runningJobs(String worker) {
    List<NewJob> jobs = new ArrayList<>();
    for (int i = 0; i < JOBS; i++) {
      jobs.add(aJob().build());
    }
    store.submitAll(jobs);
    List<Job> claimed = new ArrayList<>();
    List<Job> got;
    while (!(got = store.claim(ClaimRequest.of("noop", worker, 100, LEASE))).isEmpty()) {
      claimed.addAll(got);
    }
    return claimed;
  }

  private long eventsOf(Job job, Transition move) {
    return store.history(job.id()).stream().map(JobEvent::transition).filter(move::equals).count();
  }

  @Test
  void three_orphan_reapers_requeue_each_expired_lease_once() throws Exception {
    JobStore second = openAnother(store);
    List<Job> jobs = runningJobs("w1");
    clock.advance(LEASE.plusSeconds(1));

    int total = fromThreeThreadsAtOnce(store::requeueExpired, second::requeueExpired);

    assertThat(total).isEqualTo(JOBS);
    for (Job job : jobs) {
      assertThat(eventsOf(job, Transition.REQUEUE_EXPIRED)).isEqualTo(1);
      assertThat(reload(job).errors()).hasSize(1);
    }
  }

  @Test
  void three_promoters_promote_each_due_job_once() throws Exception {
    JobStore second = openAnother(store);
    List<NewJob> later = new ArrayList<>();
    for (int i = 0; i < JOBS; i++) {
      later.add(aJob().runAt(clock.instant().plusSeconds(10)).build());
    }
    store.submitAll(later);
    clock.advance(java.time.Duration.ofSeconds(11));

    int total = fromThreeThreadsAtOnce(store::promoteDue, second::promoteDue);

    assertThat(total).isEqualTo(JOBS);
    assertThat(store.stats().totals())
        .containsEntry(dev.ujm.core.model.JobState.QUEUED, (long) JOBS);
  }

  @Test
  void three_restarted_nodes_requeue_each_held_job_once() throws Exception {
    JobStore second = openAnother(store);
    List<Job> jobs = runningJobs("node-a/boot-1");

    int total =
        fromThreeThreadsAtOnce(
            limit -> store.requeueHeldBy("node-a/", "node restarted"),
            limit -> second.requeueHeldBy("node-a/", "node restarted"));

    assertThat(total).isEqualTo(JOBS);
    for (Job job : jobs) {
      assertThat(eventsOf(job, Transition.REQUEUE_HELD)).isEqualTo(1);
      assertThat(reload(job).attempt()).isZero();
    }
  }

  @Test
  void three_purgers_delete_each_finished_job_once() throws Exception {
    JobStore second = openAnother(store);
    for (Job job : runningJobs("w1")) {
      store.complete(job.lease(), null);
    }
    clock.advance(java.time.Duration.ofDays(2));
    var before = clock.instant().minus(java.time.Duration.ofDays(1));

    int total =
        fromThreeThreadsAtOnce(
            limit -> store.purge(before, limit), limit -> second.purge(before, limit));

    assertThat(total).isEqualTo(JOBS);
    assertThat(store.stats().queues()).isEmpty();
  }
}
