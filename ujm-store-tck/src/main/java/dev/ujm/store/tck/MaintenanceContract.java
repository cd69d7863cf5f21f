package dev.ujm.store.tck;

import static dev.ujm.core.model.JobState.COMPLETED;
import static dev.ujm.core.model.JobState.PROCESSING;
import static dev.ujm.core.model.JobState.QUEUED;
import static dev.ujm.core.model.JobState.SCHEDULED;
import static dev.ujm.test.JobFixtures.aJob;
import static dev.ujm.test.JobFixtures.aJobIn;
import static dev.ujm.test.JobFixtures.anError;
import static dev.ujm.test.JobFixtures.json;
import static dev.ujm.test.UjmAssertions.assertThat;
import static dev.ujm.test.UjmAssertions.assertThatThrownBy;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobNotFoundException;
import dev.ujm.core.model.JobState;
import dev.ujm.core.store.CancelRequest;
import dev.ujm.core.store.FailRequest;
import dev.ujm.core.store.StoreStats;
import dev.ujm.core.store.StoreStats.QueueStats;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Retention and statistics: purge removes only finished jobs past the cut-off; stats count per
 * queue and state.
 */
public abstract class MaintenanceContract extends StoreContractBase {
  protected MaintenanceContract(JobStoreContract contract) {
    super(contract);
  }

  private Job completed(String queue) {
    submit(aJobIn(queue));
    Job job = claimOne(queue, "w1");
    return store.complete(job.lease(), null);
  }

  @Test
  void purge_deletes_finished_jobs_with_their_results_and_keeps_their_audit_trails() {
    submit(aJobIn("c"));
    Job withResults = claimOne("c", "w1");
    store.appendResults(withResults.lease(), List.of(json("page", 1)));
    store.complete(withResults.lease(), null);
    Job failed = running(aJobIn("f"), "w1");
    store.fail(new FailRequest(failed.lease(), anError("Boom", 1, clock.instant()), null));
    Job cancelled = submit();
    store.cancel(new CancelRequest(cancelled.id(), "alice", null));
    Instant cutOff = clock.advance(Duration.ofDays(1));
    Job recent = completed("r");
    clock.advance(Duration.ofDays(1));
    Map<String, List<JobEvent>> trails = new HashMap<>();
    for (Job job : List.of(withResults, failed, cancelled)) {
      trails.put(job.id(), store.history(job.id()));
    }

    assertThat(store.purge(cutOff, 100)).isEqualTo(3);

    for (Job gone : List.of(withResults, failed, cancelled)) {
      assertThat(store.get(gone.id())).isEmpty();
      assertThat(store.history(gone.id())).isEqualTo(trails.get(gone.id()));
      assertThatThrownBy(() -> store.results(gone.id(), null, 10))
          .isInstanceOf(JobNotFoundException.class);
    }
    assertThat(store.get(recent.id())).isPresent();
    assertThat(store.history(recent.id())).isNotEmpty();
  }

  @Test
  void purge_never_deletes_unfinished_jobs() {
    Job queued = submit(aJobIn("q"));
    Job scheduled = submit(aJob().runAt(clock.instant().plusSeconds(60)));
    Job waiting = submit(aJob().dependsOn(List.of(queued.id())));
    Job processing = running(aJobIn("p"), "w1");
    clock.advance(Duration.ofDays(3650));

    assertThat(store.purge(clock.instant(), 100)).isZero();

    for (Job job : List.of(queued, scheduled, waiting, processing)) {
      assertThat(store.get(job.id())).isPresent();
    }
  }

  @Test
  void purge_stops_at_its_limit() {
    for (int i = 0; i < 5; i++) {
      completed("c");
    }
    clock.advance(Duration.ofDays(1));

    assertThat(store.purge(clock.instant(), 3)).isEqualTo(3);
    assertThat(store.purge(clock.instant(), 3)).isEqualTo(2);
    assertThat(store.purge(clock.instant(), 3)).isZero();
  }

  @Test
  void a_purged_jobs_idempotency_key_can_be_used_again() {
    Job first = submit(aJob().idempotencyKey("k"));
    store.cancel(new CancelRequest(first.id(), "alice", null));
    clock.advance(Duration.ofDays(1));
    store.purge(clock.instant(), 10);

    var again = store.submit(aJob().idempotencyKey("k").build());

    assertThat(again.created()).isTrue();
    assertThat(again.job().id()).isNotEqualTo(first.id());
  }

  @Test
  void stats_count_jobs_per_queue_and_state() {
    running(aJobIn("a"), "w1");
    submit(aJobIn("a"));
    submit(aJobIn("b").runAt(clock.instant().plusSeconds(60)));
    completed("b");

    List<QueueStats> queues = store.stats().queues();

    assertThat(queues).extracting(QueueStats::queue).containsExactlyInAnyOrder("a", "b");
    Map<String, Map<JobState, Long>> counts =
        queues.stream().collect(Collectors.toMap(QueueStats::queue, QueueStats::counts));
    assertThat(counts.get("a")).containsEntry(QUEUED, 1L).containsEntry(PROCESSING, 1L);
    assertThat(counts.get("a").getOrDefault(COMPLETED, 0L)).isZero();
    assertThat(counts.get("b")).containsEntry(SCHEDULED, 1L).containsEntry(COMPLETED, 1L);
    assertThat(store.stats().totals())
        .containsEntry(QUEUED, 1L)
        .containsEntry(PROCESSING, 1L)
        .containsEntry(SCHEDULED, 1L)
        .containsEntry(COMPLETED, 1L);
  }

  @Test
  void stats_give_the_age_of_the_oldest_queued_job_per_queue() {
    submit(aJobIn("a"));
    clock.advance(Duration.ofSeconds(60));
    submit(aJobIn("a"));
    running(aJobIn("b"), "w1");
    clock.advance(Duration.ofSeconds(30));

    Map<String, Long> ages = new HashMap<>();
    store.stats().queues().forEach(q -> ages.put(q.queue(), q.oldestQueuedAgeSeconds()));

    assertThat(ages).containsEntry("a", 90L).containsEntry("b", null);
  }

  @Test
  void stats_of_a_tenant_count_only_that_tenants_jobs() {
    running(aJobIn("a").tenant("acme"), "w1");
    submit(aJobIn("a").tenant("acme"));
    submit(aJobIn("a").tenant("globex"));
    submit(aJobIn("b").tenant("globex"));

    StoreStats acme = store.stats("acme");

    assertThat(acme.queues()).extracting(QueueStats::queue).containsExactly("a");
    assertThat(acme.totals()).containsOnly(Map.entry(QUEUED, 1L), Map.entry(PROCESSING, 1L));
    assertThat(store.stats("globex").totals()).containsOnly(Map.entry(QUEUED, 2L));
    assertThat(store.stats("nobody").queues()).isEmpty();
    assertThat(store.stats(null).totals()).containsEntry(QUEUED, 3L);
  }

  @Test
  void an_empty_store_has_no_queues() {
    assertThat(store.stats().queues()).isEmpty();
    assertThat(store.stats().totals()).isEmpty();
  }
}
