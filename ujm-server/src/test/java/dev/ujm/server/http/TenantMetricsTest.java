package dev.ujm.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.core.events.JobChange;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.Transition;
import dev.ujm.server.engine.Backend;
import dev.ujm.test.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** The per-tenant meters, fed the bus's changes of a scripted run. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TenantMetricsTest {
  private final ManualClock clock = ManualClock.startingAt2026();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final TenantMetrics metrics = new TenantMetrics(new Backend("memory", () -> null), clock);
  private int jobs;

  @BeforeEach
  void bind() {
    metrics.bindTo(registry);
  }

  @Test
  void claimed_cost_and_queue_wait_are_counted_per_tenant() {
    Instant start = clock.instant();
    String a1 = queued("acme", start);
    String a2 = queued("acme", start);
    String g1 = queued("globex", start);

    claimed(a1, "acme", 5.0, start.plusSeconds(2));
    claimed(a2, "acme", 1.0, start.plusSeconds(4));
    claimed(g1, "globex", 2.0, start.plusSeconds(10));

    assertThat(registry.get("ujm.tenant.claimed.cost").tag("tenant", "acme").counter().count())
        .isEqualTo(6.0);
    var acmeWait = registry.get("ujm.tenant.queue.wait").tag("tenant", "acme").timer();
    assertThat(acmeWait.count()).isEqualTo(2);
    assertThat(acmeWait.totalTime(TimeUnit.SECONDS)).isEqualTo(6.0);
    assertThat(acmeWait.max(TimeUnit.SECONDS)).isEqualTo(4.0);
    assertThat(
            registry
                .get("ujm.tenant.queue.wait")
                .tag("tenant", "globex")
                .timer()
                .totalTime(TimeUnit.SECONDS))
        .isEqualTo(10.0);
  }

  @Test
  void the_share_is_each_tenants_part_of_the_cost_claimed_in_the_last_minute() {
    Instant start = clock.instant();
    claimed(queued("acme", start), "acme", 3.0, start);
    claimed(queued("globex", start), "globex", 1.0, start);
    clock.advance(Duration.ofSeconds(5));

    assertThat(share("acme")).isEqualTo(0.75);
    assertThat(share("globex")).isEqualTo(0.25);

    clock.advance(Duration.ofMinutes(2));
    claimed(queued("globex", clock.instant()), "globex", 1.0, clock.instant());

    assertThat(share("acme")).isZero();
    assertThat(share("globex")).isEqualTo(1.0);
  }

  @Test
  void tenants_beyond_the_cap_share_one_label_with_the_jobs_without_a_tenant() {
    Instant now = clock.instant();
    for (int i = 0; i < TenantMetrics.MAX_TENANTS + 20; i++) {
      String tenant = "t" + i;
      claimed(queued(tenant, now), tenant, 1.0, now);
    }

    claimed(queued(null, now), null, 4.0, now);

    assertThat(registry.get("ujm.tenant.claimed.cost").counters())
        .hasSize(TenantMetrics.MAX_TENANTS + 1);
    assertThat(
            registry
                .get("ujm.tenant.claimed.cost")
                .tag("tenant", TenantMetrics.OTHER)
                .counter()
                .count())
        .isEqualTo(20 + 4.0);
    assertThat(registry.get("ujm.tenant.labels").gauge().value())
        .isEqualTo(TenantMetrics.MAX_TENANTS + 1);
  }

  @Test
  void a_job_that_leaves_the_queue_without_a_claim_is_not_timed() {
    Instant now = clock.instant();
    String cancelled = queued("acme", now);
    metrics.count(change(cancelled, "acme", JobState.CANCELLED, Transition.CANCEL, 1.0, now));
    String claimed = queued("acme", now.plusSeconds(1));

    claimed(claimed, "acme", 1.0, now.plusSeconds(3));

    var wait = registry.get("ujm.tenant.queue.wait").tag("tenant", "acme").timer();
    assertThat(wait.count()).isEqualTo(1);
    assertThat(wait.totalTime(TimeUnit.SECONDS)).isEqualTo(2.0);
  }

  private double share(String tenant) {
    return registry.get("ujm.tenant.share").tag("tenant", tenant).gauge().value();
  }

  private String queued(String tenant, Instant at) {
    String id = "job-" + ++jobs;
    metrics.count(change(id, tenant, JobState.QUEUED, Transition.SUBMIT, 1.0, at));
    return id;
  }

  private void claimed(String id, String tenant, double cost, Instant at) {
    metrics.count(change(id, tenant, JobState.PROCESSING, Transition.CLAIM, cost, at));
  }

  private static JobChange change(
      String id, String tenant, JobState state, Transition move, double cost, Instant at) {
    return new JobChange(
        0,
        JobChange.Kind.STATE,
        id,
        tenant,
        "owner",
        "noop",
        "noop",
        state,
        move == Transition.SUBMIT ? null : JobState.QUEUED,
        move,
        1,
        null,
        null,
        at,
        cost);
  }
}
