package dev.ujm.store.redismongo;

import static dev.ujm.test.JobFixtures.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ujm.core.cluster.QueueControl;
import dev.ujm.core.cluster.QueueControlUpdate;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.JobQuery;
import dev.ujm.core.store.StorageFaultException;
import dev.ujm.core.store.SubmitResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Redis is only the hot path: when it is down jobs are still accepted (MongoDB has them), and when
 * it lost its data (a restart without persistence, {@code FLUSHALL}) the reconciler rebuilds the
 * queue from MongoDB, never queueing a job twice.
 */
class RedisOutageTest extends StoreOnTestServers {

  @Test
  void with_redis_down_every_submit_is_accepted_and_every_job_is_claimed_once_redis_is_back() {
    redis().stop();

    List<SubmitResult> accepted = store.submitAll(jobs(200));
    assertThat(accepted).allMatch(SubmitResult::created);
    assertThat(store.find(JobQuery.all(1000).withStates(Set.of(JobState.QUEUED))).items())
        .hasSize(200);
    assertThat(store.claim(ClaimRequest.of("noop", "w1", 10, LEASE))).isEmpty();
    assertThat(store.health().ready()).isTrue();
    assertThat(store.health().detail()).contains("Redis does not");

    redis().start();
    await().atMost(Duration.ofSeconds(10)).until(() -> store.reconciler().runOnce() > 0);

    assertThat(claimAll()).hasSize(200).doesNotHaveDuplicates();
  }

  @Test
  void after_flushall_mid_run_the_reconciler_requeues_what_redis_lost_and_nothing_twice() {
    store.submitAll(jobs(100));
    List<Job> running = store.claim(ClaimRequest.of("noop", "w1", 30, LEASE));

    redis().flushAll();
    int restored = store.reconciler().runOnce();
    int again = store.reconciler().runOnce();

    assertThat(restored).isEqualTo(70);
    assertThat(again).isZero();
    List<String> rest = claimAll();
    assertThat(rest).hasSize(70).doesNotHaveDuplicates();
    assertThat(rest).doesNotContainAnyElementsOf(running.stream().map(Job::id).toList());
    running.forEach(job -> store.complete(job.lease(), null));
  }

  @Test
  void after_flushall_the_tenants_turns_are_rebuilt_and_a_backlog_still_shares_with_a_newcomer() {
    store.submitAll(
        IntStream.range(0, 40).mapToObj(i -> aJob().tenant("backlog").build()).toList());
    store.submitAll(
        IntStream.range(0, 4).mapToObj(i -> aJob().tenant("newcomer").build()).toList());

    redis().flushAll();
    assertThat(store.reconciler().runOnce()).isEqualTo(44);

    List<Job> eight = store.claim(ClaimRequest.of("noop", "w1", 8, LEASE));
    assertThat(eight).extracting(Job::tenantId).filteredOn("newcomer"::equals).hasSize(4);
  }

  @Test
  void a_redis_restarted_empty_is_refilled_and_every_job_still_runs() {
    store.submitAll(jobs(50));

    redis().restart();
    await().atMost(Duration.ofSeconds(10)).until(() -> store.reconciler().runOnce() == 50);

    assertThat(claimAll()).hasSize(50).doesNotHaveDuplicates();
  }

  @Test
  void a_claim_whose_claimer_died_between_redis_and_mongodb_is_given_back_after_its_deadline() {
    Job job = store.submit(aJob().build()).job();
    RedisQueue queue = new RedisQueue(store.redis());
    assertThat(queue.claim("noop", 1, clock.instant().plus(LEASE).toEpochMilli()))
        .containsExactly(job.id()); // popped, and then the claimer died

    assertThat(store.reconciler().runOnce()).isZero(); // a claim in flight: left alone
    clock.advance(LEASE.plusSeconds(1));
    assertThat(store.reconciler().runOnce()).isEqualTo(1);

    assertThat(claimAll()).containsExactly(job.id());
  }

  @Test
  void with_redis_down_the_queues_view_answers_from_mongodb_and_the_controls_read_last() {
    store.submitAll(jobs(3));
    RedisQueueControls controls = new RedisQueueControls(store.redis(), store.channels(), clock);
    RedisQueueControls neverRead = new RedisQueueControls(store.redis(), store.channels(), clock);
    controls.update("noop", QueueControlUpdate.pause(true), "alice");
    assertThat(controls.all()).extracting(QueueControl::queue).containsExactly("noop");

    redis().stop();

    // what GET /api/v2/queues reads: the counts (MongoDB) and the controls
    assertThat(store.stats().totals()).containsEntry(JobState.QUEUED, 3L);
    assertThat(controls.all()).singleElement().extracting(QueueControl::paused).isEqualTo(true);
    assertThat(controls.get("noop")).get().extracting(QueueControl::paused).isEqualTo(true);
    assertThatThrownBy(() -> controls.update("noop", QueueControlUpdate.pause(false), "bob"))
        .isInstanceOfSatisfying(
            StorageFaultException.class,
            e -> assertThat(e.kind()).isEqualTo(StorageFaultException.Kind.UNAVAILABLE));
    assertThatThrownBy(neverRead::all).isInstanceOf(StorageFaultException.class);
  }

  private List<String> claimAll() {
    List<String> ids = new ArrayList<>();
    List<Job> got;
    do {
      got = store.claim(ClaimRequest.of("noop", "w2", 25, LEASE));
      got.forEach(job -> ids.add(job.id()));
    } while (!got.isEmpty());
    return ids;
  }

  private static List<NewJob> jobs(int n) {
    return IntStream.range(0, n).mapToObj(i -> aJob().build()).toList();
  }
}
