package dev.ujm.store.tck;

import static dev.ujm.test.JobFixtures.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.Priority;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.tenant.Tenant;
import dev.ujm.core.tenant.TenantDefaults;
import dev.ujm.core.tenant.TenantQuotas;
import dev.ujm.core.tenant.TenantStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Claims are fair across tenants by cost: a flood does not delay the others, weights set the shares
 * of a contended queue, splitting work into cheaper jobs buys nothing, a tenant at its {@code
 * maxRunning} is passed over and not failed, and priority stays strict within a tenant. Workers are
 * simulated in rounds (each of {@link #WORKERS} claims one job, then every claimed job completes),
 * so the shares are exact and no test waits on time.
 */
public abstract class FairnessContract extends StoreContractBase {
  private static final int WORKERS = 8;
  private static final String QUEUE = "noop";

  protected FairnessContract(JobStoreContract contract) {
    super(contract);
  }

  @Test
  void two_small_tenants_finish_long_before_the_backlog_of_a_tenant_that_flooded_the_queue() {
    submitMany("a", 50_000, 1.0);
    submitMany("b", 500, 1.0);
    submitMany("c", 500, 1.0);

    Map<String, Integer> done = new HashMap<>();
    int rounds = 0;
    // Bounded, so a store whose claims return nothing fails here instead of looping forever.
    while ((done.getOrDefault("b", 0) < 500 || done.getOrDefault("c", 0) < 500)
        && rounds * WORKERS < 1_500 + 2 * WORKERS) {
      runRound().forEach(job -> done.merge(job.tenantId(), 1, Integer::sum));
      rounds++;
    }

    // Three tenants of equal weight share the workers: b and c are done once a has had as many.
    assertThat(done).containsEntry("b", 500).containsEntry("c", 500);
    assertThat(done.get("a")).isBetween(500, 500 + WORKERS);
    assertThat(rounds * WORKERS).isLessThan(1_500 + 2 * WORKERS);
    assertThat(queuedOf("a")).isGreaterThanOrEqualTo(49_500 - WORKERS);
  }

  @Test
  void weights_three_two_one_share_a_contended_queue_fifty_thirty_three_seventeen() {
    tenants().put(new Tenant("gold", null, 3.0, null));
    tenants().put(new Tenant("silver", null, 2.0, null));
    tenants().put(new Tenant("bronze", null, 1.0, null));
    for (String tenant : List.of("gold", "silver", "bronze")) {
      submitMany(tenant, 1_200, 1.0);
    }

    Map<String, Double> served = costServed(150);

    double total = served.values().stream().mapToDouble(Double::doubleValue).sum();
    assertThat(served.get("gold") / total).isCloseTo(0.50, within(0.05));
    assertThat(served.get("silver") / total).isCloseTo(1.0 / 3, within(0.033));
    assertThat(served.get("bronze") / total).isCloseTo(1.0 / 6, within(0.017));
  }

  @Test
  void the_default_weight_serves_tenants_without_a_record_or_without_a_weight_of_their_own() {
    tenants().useDefaults(new TenantDefaults(3.0, null));
    tenants().put(new Tenant("unweighted", "a record leaving the weight out", null, null));
    tenants().put(new Tenant("light", null, 1.0, null));
    for (String tenant : List.of("unweighted", "unrecorded", "light")) {
      submitMany(tenant, 1_400, 1.0);
    }

    Map<String, Double> served = costServed(140);

    double total = served.values().stream().mapToDouble(Double::doubleValue).sum();
    assertThat(served.get("unweighted") / total).isCloseTo(3.0 / 7, within(0.04));
    assertThat(served.get("unrecorded") / total).isCloseTo(3.0 / 7, within(0.04));
    assertThat(served.get("light") / total).isCloseTo(1.0 / 7, within(0.02));
  }

  @Test
  void the_default_max_running_holds_for_tenants_that_set_none_and_yields_to_a_records_own() {
    tenants().useDefaults(new TenantDefaults(1.0, maxRunning(2)));
    tenants().put(new Tenant("silent", null, 2.0, null));
    tenants().put(new Tenant("own", null, null, maxRunning(4)));
    for (String tenant : List.of("silent", "unrecorded", "own")) {
      submitMany(tenant, 10, 1.0);
    }

    List<Job> claimed = claim(QUEUE, "w1", 30);

    assertThat(claimed).extracting(Job::tenantId).filteredOn("silent"::equals).hasSize(2);
    assertThat(claimed).extracting(Job::tenantId).filteredOn("unrecorded"::equals).hasSize(2);
    assertThat(claimed).extracting(Job::tenantId).filteredOn("own"::equals).hasSize(4);
    assertThat(claim(QUEUE, "w2", 30)).isEmpty();
  }

  @Test
  void splitting_the_same_work_into_ten_times_as_many_jobs_of_a_tenth_of_the_cost_buys_no_share() {
    submitMany("whole", 400, 1.0);
    submitMany("split", 4_000, 0.1);

    Map<String, Double> served = costServed(140);

    double total = served.get("whole") + served.get("split");
    assertThat(served.get("split") / total).isCloseTo(0.5, within(0.05));
    assertThat(served.get("whole") / total).isCloseTo(0.5, within(0.05));
  }

  @Test
  void a_tenant_that_gets_work_after_the_others_starts_level_with_them_not_behind_or_ahead() {
    submitMany("early", 200, 1.0);
    costServed(10); // early has run 80 jobs alone, and owes nobody for them
    submitMany("late", 200, 1.0);

    Map<String, Double> served = costServed(10);

    assertThat(served.get("late")).isEqualTo(served.get("early"));
  }

  @Test
  void priority_is_strict_within_a_tenant_and_does_not_buy_a_larger_share() {
    Job low = submit(aJob().tenant("a").priority(Priority.LOW));
    Job high = submit(aJob().tenant("a").priority(Priority.HIGH));
    submitMany("a", 10, 1.0);
    submitMany("b", 10, 1.0);
    for (int i = 0; i < 10; i++) {
      submit(aJob().tenant("a").priority(Priority.HIGH));
    }

    List<Job> claimed = claim(QUEUE, "w1", 20);

    assertThat(claimed.get(0).id()).isEqualTo(high.id());
    assertThat(claimed).extracting(Job::tenantId).filteredOn("b"::equals).hasSize(10);
    List<Job> ofA = claimed.stream().filter(job -> job.tenantId().equals("a")).toList();
    assertThat(ofA).extracting(Job::priority).first().isEqualTo(Priority.HIGH);
    assertThat(ofA.subList(0, 10)).extracting(Job::priority).containsOnly(Priority.HIGH);
    assertThat(ofA).extracting(Job::id).doesNotContain(low.id());
  }

  @Test
  void a_tenant_at_its_max_running_is_passed_over_and_its_jobs_stay_queued() {
    tenants().put(new Tenant("capped", null, null, maxRunning(2)));
    submitMany("capped", 5, 1.0);
    submitMany("free", 5, 1.0);

    List<Job> first = claim(QUEUE, "w1", 10);

    assertThat(first).extracting(Job::tenantId).filteredOn("capped"::equals).hasSize(2);
    assertThat(first).extracting(Job::tenantId).filteredOn("free"::equals).hasSize(5);
    assertThat(queuedOf("capped")).isEqualTo(3);
    assertThat(claim(QUEUE, "w2", 10)).isEmpty();

    Job cappedJob = first.stream().filter(job -> job.tenantId().equals("capped")).findFirst().get();
    store.complete(cappedJob.lease(), null);
    assertThat(claim(QUEUE, "w3", 10)).extracting(Job::tenantId).containsExactly("capped");
  }

  @Test
  void max_running_two_holds_under_sixteen_concurrent_claimers() throws Exception {
    tenants().put(new Tenant("capped", null, null, maxRunning(2)));
    submitMany("capped", 100, 1.0);
    submitMany("free", 300, 1.0);

    Map<String, Integer> peak = claimAndCompleteConcurrently(16, 400);

    assertThat(peak.get("capped")).isEqualTo(2);
    assertThat(peak.get("free")).isEqualTo(14);
    assertThat(store.stats().totals()).containsEntry(JobState.COMPLETED, 400L);
  }

  private TenantStore tenants() {
    return tenantsOf(store);
  }

  private static TenantQuotas maxRunning(int limit) {
    return new TenantQuotas(limit, null, null, null, null, null, null, null);
  }

  /** Submits {@code count} jobs of one tenant and cost, in batches. */
  private void submitMany(String tenant, int count, double cost) {
    for (int done = 0; done < count; done += 1_000) {
      List<NewJob> batch = new ArrayList<>();
      for (int i = done; i < Math.min(count, done + 1_000); i++) {
        batch.add(aJob().tenant(tenant).cost(cost).build());
      }
      store.submitAll(batch);
    }
  }

  /** Each worker claims one job, then every claimed job completes; returns what was claimed. */
  private List<Job> runRound() {
    List<Job> claimed = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      claimed.addAll(claim(QUEUE, "worker-" + w, 1));
    }
    claimed.forEach(job -> store.complete(job.lease(), null));
    return claimed;
  }

  /** The cost units each tenant was served in this many rounds. */
  private Map<String, Double> costServed(int rounds) {
    Map<String, Double> served = new HashMap<>();
    for (int r = 0; r < rounds; r++) {
      runRound().forEach(job -> served.merge(job.tenantId(), job.cost(), Double::sum));
    }
    return served;
  }

  private long queuedOf(String tenant) {
    return store.stats(tenant).totals().getOrDefault(JobState.QUEUED, 0L);
  }

  /**
   * Claimers that claim at once, in rounds until {@code total} jobs are done: in each round every
   * claimer claims one job, all hold what they got until every claim of the round has returned,
   * then complete it. Returns the most jobs of each tenant held at once in any round.
   */
  private Map<String, Integer> claimAndCompleteConcurrently(int claimers, int total)
      throws Exception {
    List<Job> held = new CopyOnWriteArrayList<>();
    Map<String, Integer> peak = new ConcurrentHashMap<>();
    Runnable countHeld =
        () -> {
          Map<String, Integer> now = new HashMap<>();
          held.forEach(job -> now.merge(job.tenantId(), 1, Integer::sum));
          now.forEach((tenant, count) -> peak.merge(tenant, count, Math::max));
          held.clear();
        };
    CyclicBarrier allClaimed = new CyclicBarrier(claimers, countHeld);
    CyclicBarrier allCompleted = new CyclicBarrier(claimers);
    AtomicInteger completed = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(claimers);
    try {
      List<Future<?>> results = new ArrayList<>();
      for (int c = 0; c < claimers; c++) {
        String workerId = "worker-" + c;
        results.add(
            pool.submit(
                () -> {
                  while (completed.get() < total) {
                    List<Job> mine = store.claim(ClaimRequest.of(QUEUE, workerId, 1, LEASE));
                    held.addAll(mine);
                    allClaimed.await(1, TimeUnit.MINUTES);
                    for (Job job : mine) {
                      store.complete(job.lease(), null);
                      completed.incrementAndGet();
                    }
                    allCompleted.await(1, TimeUnit.MINUTES);
                  }
                  return null;
                }));
      }
      for (Future<?> result : results) {
        result.get(2, TimeUnit.MINUTES);
      }
      return peak;
    } finally {
      pool.shutdownNow();
    }
  }
}
