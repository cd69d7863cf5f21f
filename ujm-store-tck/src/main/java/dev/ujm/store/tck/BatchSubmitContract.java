package dev.ujm.store.tck;

import static dev.ujm.core.model.JobState.QUEUED;
import static dev.ujm.core.model.JobState.SCHEDULED;
import static dev.ujm.test.JobFixtures.aJob;
import static dev.ujm.test.UjmAssertions.assertThat;
import static dev.ujm.test.UjmAssertions.assertThatThrownBy;

import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.Job;
import dev.ujm.core.store.JobQuery;
import dev.ujm.core.store.SubmitResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code submitAll}: in order, all or nothing, with idempotent repeats answered like single
 * submits.
 */
public abstract class BatchSubmitContract extends StoreContractBase {
  protected BatchSubmitContract(JobStoreContract contract) {
    super(contract);
  }

  @Test
  void a_batch_is_stored_in_order() {
    List<SubmitResult> results =
        store.submitAll(
            List.of(
                aJob("a").build(),
                aJob("b").runAt(clock.instant().plusSeconds(60)).build(),
                aJob("c").build()));

    assertThat(results).extracting(SubmitResult::created).containsExactly(true, true, true);
    assertThat(results).extracting(r -> r.job().type()).containsExactly("a", "b", "c");
    assertThat(results).extracting(r -> r.job().state()).containsExactly(QUEUED, SCHEDULED, QUEUED);
    assertThat(results).extracting(r -> r.job().id()).isSorted().doesNotHaveDuplicates();
    assertThat(store.find(JobQuery.all(10)).items()).hasSize(3);
  }

  @Test
  void a_batch_with_one_bad_job_stores_nothing() {
    var batch =
        List.of(
            aJob().idempotencyKey("first").build(),
            aJob().dependsOn(List.of("no-such-job")).build(),
            aJob().build());

    assertThatThrownBy(() -> store.submitAll(batch)).isInstanceOf(InvalidJobException.class);

    assertThat(store.find(JobQuery.all(10)).items()).isEmpty();
    assertThat(store.stats().queues()).isEmpty();
    assertThat(store.submit(aJob().idempotencyKey("first").build()).created())
        .as("the key of the rejected batch was never taken")
        .isTrue();
  }

  @Test
  void idempotent_repeats_inside_a_batch_return_the_existing_job() {
    Job earlier = submit(aJob().idempotencyKey("old"));

    List<SubmitResult> results =
        store.submitAll(
            List.of(
                aJob().idempotencyKey("old").build(),
                aJob().idempotencyKey("new").build(),
                aJob().idempotencyKey("new").build()));

    assertThat(results).extracting(SubmitResult::created).containsExactly(false, true, false);
    assertThat(results.get(0).job().id()).isEqualTo(earlier.id());
    assertThat(results.get(2).job().id()).isEqualTo(results.get(1).job().id());
    assertThat(store.find(JobQuery.all(10)).items()).hasSize(2);
  }

  @Test
  void an_empty_batch_stores_nothing() {
    assertThat(store.submitAll(List.of())).isEmpty();
    assertThat(store.find(JobQuery.all(10)).items()).isEmpty();
  }
}
