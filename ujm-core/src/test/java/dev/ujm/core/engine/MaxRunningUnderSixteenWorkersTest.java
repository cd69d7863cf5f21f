package dev.ujm.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.core.memory.InMemoryJobStore;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.tenant.Tenant;
import dev.ujm.core.tenant.TenantQuotas;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code maxRunning} held by the engine, not only by one claim: sixteen real workers on one queue,
 * a tenant limited to two running jobs (by its record, or by {@code UJM_TENANT_DEFAULT_MAX_RUNNING}
 * for a tenant without one) never has more than two at once, while the idle workers serve another
 * tenant's jobs submitted after its own.
 */
class MaxRunningUnderSixteenWorkersTest {
  private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> peak = new ConcurrentHashMap<>();
  private final CountDownLatch go = new CountDownLatch(1);

  /** The payload of the holding type: nothing. */
  record Hold() {}

  /** Counts its tenant's running jobs and holds until the test lets every job go. */
  private JobDefinition<Hold> holdType() {
    return JobDefinition.of(
        "hold",
        Hold.class,
        ctx -> {
          String tenant = ctx.job().tenantId();
          int now = running.computeIfAbsent(tenant, t -> new AtomicInteger()).incrementAndGet();
          peak.computeIfAbsent(tenant, t -> new AtomicInteger()).accumulateAndGet(now, Math::max);
          try {
            go.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            running.get(tenant).decrementAndGet();
          }
          return JobOutcome.completed(Map.of());
        });
  }

  private int runningOf(String tenant) {
    return running.getOrDefault(tenant, new AtomicInteger()).get();
  }

  private void holdsTwoOfSixteen(Map<String, String> settings, InMemoryJobStore store) {
    try (Ujm ujm =
        Ujm.builder()
            .store(store)
            .tenants(store.tenants())
            .config(UjmConfig.from(settings))
            .register(holdType())
            .build()
            .start()) {
      List<NewJob> capped = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        capped.add(NewJob.ofType("hold").tenant("capped").owner("u").build());
      }
      ujm.jobs().submitAll(capped);
      await().atMost(Duration.ofSeconds(20)).until(() -> runningOf("capped") == 2);

      List<NewJob> free = new ArrayList<>();
      for (int i = 0; i < 14; i++) {
        free.add(NewJob.ofType("hold").tenant("free").owner("u").build());
      }
      ujm.jobs().submitAll(free);
      await().atMost(Duration.ofSeconds(20)).until(() -> runningOf("free") == 14);

      assertThat(runningOf("capped")).isEqualTo(2);
      assertThat(store.stats("capped").totals()).containsEntry(JobState.QUEUED, 18L);
      go.countDown();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> store.stats().totals().getOrDefault(JobState.COMPLETED, 0L) == 34L);
      assertThat(peak.get("capped").get()).isEqualTo(2);
    }
  }

  @Test
  void a_tenant_whose_record_says_two_never_runs_more_than_two_of_sixteen_workers() {
    InMemoryJobStore store = new InMemoryJobStore(InstantSource.system());
    store
        .tenants()
        .put(
            new Tenant(
                "capped",
                null,
                null,
                new TenantQuotas(2, null, null, null, null, null, null, null)));

    holdsTwoOfSixteen(Map.of("UJM_WORKERS", "16"), store);
  }

  @Test
  void the_default_max_running_holds_a_tenant_without_a_record_the_same_way() {
    InMemoryJobStore store = new InMemoryJobStore(InstantSource.system());
    store
        .tenants()
        .put(
            new Tenant(
                "free",
                null,
                null,
                new TenantQuotas(16, null, null, null, null, null, null, null)));

    holdsTwoOfSixteen(Map.of("UJM_WORKERS", "16", "UJM_TENANT_DEFAULT_MAX_RUNNING", "2"), store);
  }
}
