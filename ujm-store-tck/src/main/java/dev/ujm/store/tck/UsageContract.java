package dev.ujm.store.tck;

import static dev.ujm.test.JobFixtures.aJob;
import static dev.ujm.test.JobFixtures.anError;
import static dev.ujm.test.JobFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.core.model.Job;
import dev.ujm.core.store.CancelRequest;
import dev.ujm.core.store.FailRequest;
import dev.ujm.core.tenant.TenantStore;
import dev.ujm.core.tenant.Usage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Metered usage: a scripted day of jobs on a manual clock, and the figures per tenant, day and type
 * match what ran, exactly.
 */
public abstract class UsageContract extends StoreContractBase {
  private static final LocalDate DAY_ONE = LocalDate.parse("2026-03-02");
  private static final LocalDate DAY_TWO = DAY_ONE.plusDays(1);

  private TenantStore tenants;

  protected UsageContract(JobStoreContract contract) {
    super(contract);
  }

  @BeforeEach
  void openTenants() {
    tenants = tenantsOf(store);
    clock.set(Instant.parse("2026-03-02T23:00:00Z"));
  }

  @Test
  void a_scripted_day_of_jobs_is_metered_per_tenant_day_and_type_exactly() {
    Job a1 = submit(aJob().tenant("acme").cost(2.0));
    Job a2 = submit(aJob().tenant("acme").cost(2.0).maxAttempts(2));
    Job a3 = submit(aJob().tenant("acme").cost(2.0));
    Job k1 = submit(aJob().tenant("acme").idempotencyKey("k"));
    submit(aJob().tenant("acme").idempotencyKey("k")); // a repeat creates nothing
    Job c1 = submit(aJob("crawl").tenant("acme").cost(5.0));
    submit(aJob().tenant("globex").queue("other"));

    // completes after 3 s with a 12-byte result
    Job completing = claimOne("noop", "w1");
    assertThat(completing.id()).isEqualTo(a1.id());
    clock.advance(Duration.ofSeconds(3));
    store.complete(completing.lease(), json("pages", 12));

    // fails after 1.5 s, to be retried in 10 s
    Job first = claimOne("noop", "w1");
    assertThat(first.id()).isEqualTo(a2.id());
    Instant retryAt = clock.advance(Duration.ofMillis(1_500)).plusSeconds(10);
    store.fail(new FailRequest(first.lease(), anError("boom", 1, clock.instant()), retryAt));

    // handed back after 4 s: time spent, no attempt counted
    Job handedBack = claimOne("noop", "w1");
    assertThat(handedBack.id()).isEqualTo(a3.id());
    clock.advance(Duration.ofSeconds(4));
    store.release(handedBack.lease(), "shutting down");

    // claimed again, cancelled by its owner after 0.5 s
    assertThat(claimOne("noop", "w2").id()).isEqualTo(a3.id());
    clock.advance(Duration.ofMillis(500));
    store.cancel(new CancelRequest(a3.id(), "owner", null));

    // a crawl writes two 11-byte result items and completes after 10 s without a result
    Job crawl = claimOne("crawl", "w3");
    assertThat(crawl.id()).isEqualTo(c1.id());
    store.appendResults(crawl.lease(), List.of(json("url", "a"), json("url", "b")));
    clock.advance(Duration.ofSeconds(10));
    store.complete(crawl.lease(), null);

    // the retry runs 2 s and fails for good
    assertThat(store.promoteDue(10)).isEqualTo(1);
    Job second = claimOne("noop", "w1");
    assertThat(second.id()).isEqualTo(a2.id());
    clock.advance(Duration.ofSeconds(2));
    store.fail(new FailRequest(second.lease(), anError("boom", 2, clock.instant()), null));

    // after midnight: one job completes in 1 s with a 2-byte result, another is submitted
    clock.set(Instant.parse("2026-03-03T00:30:00Z"));
    Job keyed = claimOne("noop", "w1");
    assertThat(keyed.id()).isEqualTo(k1.id());
    clock.advance(Duration.ofSeconds(1));
    store.complete(keyed.lease(), json());
    submit(aJob().tenant("acme"));

    assertThat(tenants.usage("acme", DAY_ONE, DAY_TWO))
        .containsExactly(
            new Usage("acme", DAY_ONE, "crawl", 1, 1, 1, 0, 10.0, 5.0, 22),
            new Usage("acme", DAY_ONE, "noop", 4, 4, 1, 1, 11.0, 8.0, 12),
            new Usage("acme", DAY_TWO, "noop", 1, 1, 1, 0, 1.0, 1.0, 2));
    assertThat(tenants.usage("acme", DAY_TWO, DAY_TWO))
        .containsExactly(new Usage("acme", DAY_TWO, "noop", 1, 1, 1, 0, 1.0, 1.0, 2));
    assertThat(tenants.usage("globex", DAY_ONE, DAY_TWO))
        .containsExactly(new Usage("globex", DAY_ONE, "noop", 1, 0, 0, 0, 0.0, 0.0, 0));
    assertThat(tenants.usage("initech", DAY_ONE, DAY_TWO)).isEmpty();
  }

  @Test
  void an_attempt_whose_lease_expired_counts_its_time_and_on_the_last_attempt_a_failure() {
    Job job = submit(aJob().tenant("acme").maxAttempts(1));
    claimOne("noop", "w1");
    clock.advance(LEASE.plusSeconds(1));

    assertThat(store.requeueExpired(10)).isEqualTo(1);

    double seconds = LEASE.plusSeconds(1).toSeconds();
    assertThat(reload(job).state().isFinal()).isTrue();
    assertThat(tenants.usage("acme", DAY_ONE, DAY_ONE))
        .containsExactly(new Usage("acme", DAY_ONE, "noop", 1, 1, 0, 1, seconds, 1.0, 0));
  }
}
