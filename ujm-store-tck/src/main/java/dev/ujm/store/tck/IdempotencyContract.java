package dev.ujm.store.tck;

import static dev.ujm.test.JobFixtures.aJob;
import static dev.ujm.test.UjmAssertions.assertThat;
import static dev.ujm.test.UjmAssertions.assertThatThrownBy;

import dev.ujm.core.model.IdempotencyConflictException;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.JobQuery;
import dev.ujm.core.store.SubmitResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Idempotency keys: unique per tenant (a job without tenant is a tenant of its own); a repeat by
 * the same owner returns the existing job as it is now, with {@code created = false}, and writes
 * nothing; a repeat by another owner is refused and writes nothing either.
 */
public abstract class IdempotencyContract extends StoreContractBase {
  protected IdempotencyContract(JobStoreContract contract) {
    super(contract);
  }

  @Test
  void a_repeated_key_in_the_same_tenant_returns_the_first_job_and_stores_nothing() {
    SubmitResult first = store.submit(aJob().tenant("acme").idempotencyKey("order-7").build());

    SubmitResult again =
        store.submit(aJob("email").tenant("acme").idempotencyKey("order-7").build());

    assertThat(first.created()).isTrue();
    assertThat(again.created()).isFalse();
    assertThat(again.job()).isEqualTo(first.job());
    assertThat(store.find(JobQuery.all(10)).items()).hasSize(1);
    assertThat(store.history(first.job().id())).hasSize(1);
  }

  @Test
  void the_same_key_in_another_tenant_makes_a_new_job() {
    Job acme = submit(aJob().tenant("acme").idempotencyKey("order-7"));

    SubmitResult other = store.submit(aJob().tenant("globex").idempotencyKey("order-7").build());

    assertThat(other.created()).isTrue();
    assertThat(other.job().id()).isNotEqualTo(acme.id());
  }

  @Test
  void jobs_without_a_tenant_share_one_tenant_of_their_own() {
    Job none = submit(aJob().idempotencyKey("k"));

    SubmitResult noneAgain = store.submit(aJob().idempotencyKey("k").build());
    SubmitResult tenant = store.submit(aJob().tenant("acme").idempotencyKey("k").build());

    assertThat(noneAgain.created()).isFalse();
    assertThat(noneAgain.job().id()).isEqualTo(none.id());
    assertThat(tenant.created()).isTrue();
  }

  @Test
  void a_repeat_returns_the_job_as_it_is_now() {
    Job job = submit(aJob().idempotencyKey("k"));
    Job claimed = claimOne(job.queue(), "w1");
    Job done = store.complete(claimed.lease(), null);

    SubmitResult again = store.submit(aJob().idempotencyKey("k").build());

    assertThat(again.created()).isFalse();
    assertThat(again.job()).isEqualTo(reload(done));
  }

  @Test
  void jobs_without_a_key_are_never_merged() {
    SubmitResult first = store.submit(aJob().build());
    SubmitResult second = store.submit(aJob().build());

    assertThat(second.created()).isTrue();
    assertThat(second.job().id()).isNotEqualTo(first.job().id());
  }

  @Test
  void another_owner_of_the_tenant_repeating_a_key_is_refused_and_sees_nothing() {
    Job alices = submit(aJob().tenant("acme").owner("alice").idempotencyKey("order-7"));

    assertThatThrownBy(
            () ->
                store.submit(aJob().tenant("acme").owner("bob").idempotencyKey("order-7").build()))
        .isInstanceOfSatisfying(
            IdempotencyConflictException.class,
            e -> assertThat(e.idempotencyKey()).isEqualTo("order-7"));
    assertThat(store.find(JobQuery.all(10)).items()).containsExactly(reload(alices));
  }

  @Test
  void a_batch_whose_last_job_repeats_another_owners_key_stores_nothing() {
    submit(aJob().tenant("acme").owner("alice").idempotencyKey("order-7"));
    List<NewJob> bobs =
        List.of(
            aJob().tenant("acme").owner("bob").build(),
            aJob().tenant("acme").owner("bob").build(),
            aJob().tenant("acme").owner("bob").idempotencyKey("order-7").build());

    assertThatThrownBy(() -> store.submitAll(bobs))
        .isInstanceOf(IdempotencyConflictException.class);
    assertThat(store.find(JobQuery.all(10).withOwner("bob")).items()).isEmpty();
    assertThat(store.find(JobQuery.all(10)).items()).hasSize(1);
  }
}
