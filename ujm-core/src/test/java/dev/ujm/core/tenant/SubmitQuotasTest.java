package dev.ujm.core.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ujm.core.diagnostic.NoopJob;
import dev.ujm.core.diagnostic.SleepJob;
import dev.ujm.core.engine.JobService;
import dev.ujm.core.handler.JobTypeRegistry;
import dev.ujm.core.memory.InMemoryJobStore;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.JobQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The per-day quotas over a real in-memory store, on a clock moved by hand. */
class SubmitQuotasTest {
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-03-01T23:00:00Z"));
  private final InstantSource clock = () -> now.get();
  private final InMemoryJobStore store = new InMemoryJobStore(clock);
  private final JobTypeRegistry types =
      new JobTypeRegistry().register(NoopJob.definition()).register(SleepJob.definition());

  private JobService serviceWith(Map<String, String> settings) {
    return new JobService(
        store,
        types,
        clock,
        new SubmitQuotas(null, TenantDefaults.from(settings), store, types, clock));
  }

  private static NewJob noopOf(String tenant) {
    return NewJob.ofType("noop").tenant(tenant).owner("u").build();
  }

  private static NewJob sleepOf(String tenant, long ms) {
    return NewJob.ofType("sleep").payload(Map.of("ms", ms)).tenant(tenant).owner("u").build();
  }

  private long jobsOf(String tenant) {
    return store.find(JobQuery.all(1000).withTenant(tenant)).items().size();
  }

  @Test
  void a_restarted_node_counts_the_day_from_the_store_and_a_new_utc_day_starts_from_zero() {
    serviceWith(Map.of("UJM_TENANT_DEFAULT_JOBS_PER_DAY", "2")).submit(noopOf("acme"));
    serviceWith(Map.of("UJM_TENANT_DEFAULT_JOBS_PER_DAY", "2")).submit(noopOf("acme"));

    JobService restarted = serviceWith(Map.of("UJM_TENANT_DEFAULT_JOBS_PER_DAY", "2"));
    assertThatThrownBy(() -> restarted.submit(noopOf("acme")))
        .isInstanceOfSatisfying(
            QuotaExceededException.class,
            e -> {
              assertThat(e.quota()).isEqualTo("jobsPerDay");
              assertThat(e.kind()).isEqualTo(QuotaExceededException.Kind.LIMIT_REACHED);
              assertThat(e.retryAfter()).isEqualTo(Duration.ofHours(1));
            });
    assertThat(restarted.submit(noopOf("globex")).created()).isTrue();

    now.set(Instant.parse("2026-03-02T00:00:00Z"));
    assertThat(restarted.submit(noopOf("acme")).created()).isTrue();
    assertThat(jobsOf("acme")).isEqualTo(3);
  }

  @Test
  void a_job_costing_more_than_a_day_is_not_allowed_and_a_full_day_is_a_limit_reached() {
    JobService service = serviceWith(Map.of("UJM_TENANT_DEFAULT_COST_PER_DAY", "10"));

    assertThatThrownBy(() -> service.submit(sleepOf("acme", 10_001)))
        .isInstanceOfSatisfying(
            QuotaExceededException.class,
            e -> {
              assertThat(e.quota()).isEqualTo("costPerDay");
              assertThat(e.kind()).isEqualTo(QuotaExceededException.Kind.NOT_ALLOWED);
            });
    service.submit(sleepOf("acme", 6_000));
    assertThatThrownBy(() -> service.submit(sleepOf("acme", 5_000)))
        .isInstanceOfSatisfying(
            QuotaExceededException.class,
            e -> assertThat(e.kind()).isEqualTo(QuotaExceededException.Kind.LIMIT_REACHED));
    assertThat(service.submit(sleepOf("acme", 4_000)).created()).isTrue();
    assertThat(jobsOf("acme")).isEqualTo(2);
  }

  @Test
  void a_batch_over_a_quota_stores_nothing_and_takes_nothing_of_the_day() {
    JobService service = serviceWith(Map.of("UJM_TENANT_DEFAULT_JOBS_PER_DAY", "3"));

    assertThatThrownBy(
            () ->
                service.submitAll(
                    List.of(noopOf("acme"), noopOf("acme"), noopOf("acme"), noopOf("acme"))))
        .isInstanceOf(QuotaExceededException.class);

    assertThat(jobsOf("acme")).isZero();
    assertThat(service.submitAll(List.of(noopOf("acme"), noopOf("acme"), noopOf("acme"))))
        .hasSize(3);
  }

  @Test
  void an_idempotent_repeat_is_not_counted_twice() {
    JobService service = serviceWith(Map.of("UJM_TENANT_DEFAULT_JOBS_PER_DAY", "2"));
    NewJob keyed = NewJob.ofType("noop").tenant("acme").owner("u").idempotencyKey("k").build();

    service.submit(keyed);
    assertThat(service.submit(keyed).created()).isFalse();

    assertThat(service.submit(noopOf("acme")).created()).isTrue();
  }

  @Test
  void each_job_type_prices_its_payload_and_the_default_is_one_unit() {
    assertThat(types.cost(noopOf("acme"))).isEqualTo(1);
    assertThat(types.cost(sleepOf("acme", 2_500))).isEqualTo(3);
    assertThat(types.cost(sleepOf("acme", 0))).isEqualTo(1);
    assertThat(types.cost("gone", null)).isEqualTo(1);
  }

  @Test
  void a_stored_job_carries_the_cost_its_type_gave_it_for_the_fair_order_of_claims() {
    JobService service = serviceWith(Map.of());

    assertThat(service.submit(sleepOf("acme", 2_500)).job().cost()).isEqualTo(3);
    assertThat(service.submit(noopOf("acme")).job().cost()).isEqualTo(1);
  }

  @Test
  void bad_default_quotas_stop_the_start_naming_each_setting() {
    assertThatThrownBy(
            () ->
                TenantQuotaDefaults.from(
                    Map.of(
                        "UJM_TENANT_DEFAULT_MAX_QUEUED", "-1",
                        "UJM_TENANT_DEFAULT_COST_PER_DAY", "lots")))
        .hasMessageContaining("UJM_TENANT_DEFAULT_MAX_QUEUED='-1'")
        .hasMessageContaining("UJM_TENANT_DEFAULT_COST_PER_DAY='lots'");
    assertThatThrownBy(
            () ->
                TenantDefaults.from(
                    Map.of(
                        "UJM_TENANT_DEFAULT_WEIGHT", "0",
                        "UJM_TENANT_DEFAULT_MAX_RUNNING", "two")))
        .hasMessageContaining("UJM_TENANT_DEFAULT_WEIGHT='0'")
        .hasMessageContaining("UJM_TENANT_DEFAULT_MAX_RUNNING='two'");
  }

  @Test
  void the_default_weight_and_max_running_fill_what_a_record_leaves_out() {
    TenantDefaults defaults =
        TenantDefaults.from(
            Map.of("UJM_TENANT_DEFAULT_WEIGHT", "2.5", "UJM_TENANT_DEFAULT_MAX_RUNNING", "4"));
    Tenant silent = new Tenant("acme", null, null, null);
    Tenant own =
        new Tenant(
            "globex", null, 0.5, new TenantQuotas(1, null, null, null, null, null, null, null));

    assertThat(defaults.weightOf(null)).isEqualTo(2.5);
    assertThat(defaults.weightOf(silent)).isEqualTo(2.5);
    assertThat(defaults.weightOf(own)).isEqualTo(0.5);
    assertThat(defaults.maxRunningOf(null)).isEqualTo(4);
    assertThat(defaults.maxRunningOf(silent)).isEqualTo(4);
    assertThat(defaults.maxRunningOf(own)).isEqualTo(1);
    assertThat(TenantDefaults.from(Map.of())).isEqualTo(TenantDefaults.NONE);
  }
}
