package dev.ujm.store.redismongo;

import static dev.ujm.test.JobFixtures.aJob;
import static dev.ujm.test.JobFixtures.aJobIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.CancelRequest;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.tenant.Tenant;
import dev.ujm.core.tenant.TenantQuotas;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A tenant's running count in Redis, which the claim holds against its {@code maxRunning} over
 * every queue, follows MongoDB: every way out of processing lowers it exactly once, a late release
 * of an earlier claim of the same job lowers nothing, and the reconciler rebuilds it (and the
 * tenant records' weights and limits) after Redis lost its data, missed a finish while down, or
 * lost a release on the way.
 */
class RedisRunningCountTest extends StoreOnTestServers {
  @BeforeEach
  void seed() {
    store.tenants().put(new Tenant("capped", null, null, maxRunning(2)));
    store.submitAll(jobs("capped", 10));
  }

  @Test
  void completing_failing_releasing_cancelling_and_expiring_each_free_one_place() {
    List<Job> two = claim(10);
    assertThat(two).hasSize(2);
    store.complete(two.get(0).lease(), null);
    store.release(two.get(1).lease(), "shutting down");

    List<Job> next = claim(10);
    assertThat(next).hasSize(2);
    store.cancel(new CancelRequest(next.get(0).id(), "alice", null));
    clock.advance(LEASE.plusSeconds(1));
    assertThat(store.requeueExpired(10)).isEqualTo(1);

    assertThat(claim(10)).hasSize(2);
  }

  @Test
  void the_limit_holds_over_every_queue_of_the_tenant() {
    store.submitAll(List.of(aJobIn("other").tenant("capped").build()));
    assertThat(claim(1)).hasSize(1);

    assertThat(store.claim(ClaimRequest.of("other", "w2", 10, LEASE))).hasSize(1);
    assertThat(claim(10)).isEmpty();
  }

  @Test
  void a_finish_repeated_for_the_same_job_frees_its_place_once() {
    List<Job> two = claim(10);
    store.complete(two.get(0).lease(), null);
    RedisQueue queue = new RedisQueue(store.redis());
    queue.finish("noop", List.of(two.get(0).id()));
    queue.finish("noop", List.of(two.get(0).id()));

    assertThat(claim(10)).hasSize(1);
  }

  @Test
  void a_requeue_repeated_for_the_same_job_frees_its_place_once() {
    List<Job> two = claim(10);
    Job released = store.release(two.get(0).lease(), "shutting down");
    new RedisQueue(store.redis()).push(List.of(released)); // as a lost race or a reconcile would

    assertThat(claim(10)).hasSize(1);
  }

  @Test
  void after_flushall_the_reconciler_counts_what_runs_again_and_the_limit_still_holds() {
    List<Job> running = claim(10);

    redis().flushAll();
    store.reconciler().runOnce();

    assertThat(claim(10)).isEmpty();
    store.complete(running.get(0).lease(), null);
    assertThat(claim(10)).hasSize(1);
  }

  @Test
  void a_completion_redis_missed_while_down_frees_its_place_at_the_next_reconcile() {
    List<Job> running = claim(10);

    redis().stop();
    running.forEach(job -> store.complete(job.lease(), null));
    redis().start();

    // both places free again: without the reconciler's repair the tenant would look full for good
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              store.reconciler().runOnce();
              return claim(10).size() == 2;
            });
  }

  @Test
  void weights_and_limits_are_mirrored_again_after_redis_lost_them() {
    redis().flushAll();
    store.reconciler().runOnce();

    assertThat(claim(10)).hasSize(2);
  }

  @Test
  void a_tenant_refused_for_what_it_runs_in_another_queue_keeps_its_jobs_and_its_turn() {
    store.submitAll(List.of(aJobIn("other").tenant("capped").build()));
    Job elsewhere = store.claim(ClaimRequest.of("other", "w2", 1, LEASE)).getFirst();
    assertThat(claim(1)).hasSize(1); // capped holds two places, one per queue
    store.submitAll(jobs("free", 3));

    assertThat(claim(10)).extracting(Job::tenantId).containsExactly("free", "free", "free");
    assertThat(store.stats("capped").totals()).containsEntry(JobState.QUEUED, 9L);

    store.complete(elsewhere.lease(), null);
    store.submitAll(jobs("free", 3));
    assertThat(claim(1)).extracting(Job::tenantId).containsExactly("capped");
  }

  @Test
  void a_late_release_of_an_earlier_claim_of_a_job_frees_no_place_of_its_claim_now() {
    Job first = claim(10).getFirst();
    String earlier = claimToken(first.id());
    store.release(first.lease(), "shutting down");
    assertThat(claim(10)).extracting(Job::id).containsExactly(first.id());

    counts().release(List.of(new RedisRunningCounts.Held("capped", first.id(), earlier)));

    assertThat(counts().count("capped")).isEqualTo(2);
  }

  @Test
  void a_count_whose_release_was_lost_is_let_go_by_the_next_reconcile() {
    assertThat(claim(1)).hasSize(1);
    // as if a process died between another queue's finish and the release of the count
    store.redis().sync().hset(store.redis().key("{tenants}:held:capped"), "gone", "token|other");
    assertThat(claim(10)).isEmpty();

    store.reconciler().runOnce();

    assertThat(counts().count("capped")).isEqualTo(1);
    assertThat(claim(10)).hasSize(1);
  }

  @Test
  void counts_the_tenants_slot_alone_lost_are_counted_again_by_the_next_reconcile() {
    assertThat(claim(10)).hasSize(2);
    // as a failover of the node that serves the slot {tenants} to an empty replica would
    store.redis().sync().del(store.redis().key("{tenants}:held:capped"));

    store.reconciler().runOnce();

    assertThat(counts().count("capped")).isEqualTo(2);
  }

  private RedisRunningCounts counts() {
    return new RedisRunningCounts(store.redis());
  }

  /** The token of the claim that holds an id in the queue's active set now. */
  private String claimToken(String id) {
    return store.redis().sync().hget(store.redis().queueKey("noop", "claims"), id);
  }

  private List<Job> claim(int limit) {
    return store.claim(ClaimRequest.of("noop", "w1", limit, LEASE));
  }

  private static TenantQuotas maxRunning(int limit) {
    return new TenantQuotas(limit, null, null, null, null, null, null, null);
  }

  private static List<NewJob> jobs(String tenant, int n) {
    return IntStream.range(0, n).mapToObj(i -> aJob().tenant(tenant).build()).toList();
  }
}
