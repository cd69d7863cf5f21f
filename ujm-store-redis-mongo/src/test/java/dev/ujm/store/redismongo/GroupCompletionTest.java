package dev.ujm.store.redismongo;

import static dev.ujm.test.JobFixtures.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.StaleLeaseException;
import dev.ujm.core.model.Transition;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.HeartbeatRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The ends of attempts written in groups ({@link MongoCompleter}): every worker of a group gets its
 * own move back, still fenced by the revision it was decided on, and the revision guard is a filter
 * an index serves.
 */
class GroupCompletionTest extends StoreOnTestServers {

  @Test
  void many_workers_completing_at_once_each_get_their_job_completed_once() throws Exception {
    store.submitAll(IntStream.range(0, 300).mapToObj(i -> aJob().build()).toList());
    List<Job> claimed = store.claim(ClaimRequest.of("noop", "w1", 300, LEASE));
    assertThat(claimed).hasSize(300);

    List<Job> done = new ArrayList<>();
    try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Job>> ends =
          claimed.stream()
              .map(job -> workers.submit(() -> store.complete(job.lease(), null)))
              .toList();
      for (Future<Job> end : ends) {
        done.add(end.get());
      }
    }

    assertThat(done).extracting(Job::state).containsOnly(JobState.COMPLETED);
    assertThat(done)
        .extracting(Job::id)
        .containsExactlyElementsOf(claimed.stream().map(Job::id).toList());
    for (Job job : claimed) {
      assertThat(store.get(job.id()).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
      assertThat(store.history(job.id()))
          .filteredOn(event -> event.transition() == Transition.COMPLETE)
          .hasSize(1);
    }
  }

  @Test
  void a_lease_lost_before_the_group_is_refused_while_the_rest_of_the_group_is_written()
      throws Exception {
    store.submitAll(List.of(aJob().build(), aJob().build()));
    List<Job> claimed = store.claim(ClaimRequest.of("noop", "w1", 2, LEASE));
    Job kept = claimed.get(0);
    Job taken = claimed.get(1);
    clock.advance(LEASE.plusSeconds(1));
    store.heartbeat(new HeartbeatRequest("w1", List.of(kept.lease()), LEASE));
    assertThat(store.requeueExpired(10)).isEqualTo(1); // the other one's lease ran out

    try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Job> stale = workers.submit(() -> store.complete(taken.lease(), null));
      Future<Job> current = workers.submit(() -> store.complete(kept.lease(), null));

      assertThat(current.get().state()).isEqualTo(JobState.COMPLETED);
      try {
        stale.get();
        throw new AssertionError("a lost lease completed its job");
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(StaleLeaseException.class);
      }
    }
    assertThat(store.get(taken.id()).orElseThrow().state()).isEqualTo(JobState.QUEUED);
  }

  @Test
  void the_revision_guard_names_exactly_the_fields_of_its_index() {
    Document before = new Document(JobDocuments.ID, "j1").append(JobDocuments.REV, 7L);

    assertThat(MongoJobs.unchanged(before).toBsonDocument().keySet())
        .containsExactly(JobDocuments.ID, JobDocuments.REV); // not {$and: [...]}: a scan per write
  }
}
