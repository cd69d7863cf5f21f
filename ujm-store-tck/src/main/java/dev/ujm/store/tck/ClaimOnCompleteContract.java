package dev.ujm.store.tck;

import static dev.ujm.core.model.JobState.COMPLETED;
import static dev.ujm.core.model.JobState.PROCESSING;
import static dev.ujm.core.model.JobState.QUEUED;
import static dev.ujm.test.JobFixtures.aJobIn;
import static dev.ujm.test.JobFixtures.json;
import static dev.ujm.test.UjmAssertions.assertThat;
import static dev.ujm.test.UjmAssertions.assertThatThrownBy;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.StaleLeaseException;
import dev.ujm.core.model.Transition;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.CompletedAndClaimed;
import dev.ujm.core.store.StoreCapability;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A completion that claims the worker's next job in the same step ({@link
 * dev.ujm.core.store.JobStore#completeAndClaim}): what it completes is what {@code complete} would,
 * what it claims is what {@code claim} would, a refused completion claims nothing, and a store
 * without {@link StoreCapability#CLAIM_ON_COMPLETE} completes and claims nothing. Every store runs
 * every test: each says what a store with the capability and one without must do.
 */
public abstract class ClaimOnCompleteContract extends StoreContractBase {
  protected ClaimOnCompleteContract(JobStoreContract contract) {
    super(contract);
  }

  private static ClaimRequest nextFor(String queue, String workerId) {
    return ClaimRequest.of(queue, workerId, 1, LEASE);
  }

  @Test
  void a_completion_claims_the_next_queued_job_for_the_same_worker_where_the_store_can() {
    Job first = running("w1");
    Job second = submit();

    CompletedAndClaimed done =
        store.completeAndClaim(first.lease(), json("pages", 3), nextFor(first.queue(), "w1"));

    assertThat(done.completed()).hasState(COMPLETED);
    assertThat(done.completed().result()).isEqualTo(json("pages", 3));
    assertThat(reload(first)).isEqualTo(done.completed());
    assertThat(store.history(first.id()))
        .extracting(JobEvent::transition)
        .containsExactly(Transition.SUBMIT, Transition.CLAIM, Transition.COMPLETE);
    if (!can(StoreCapability.CLAIM_ON_COMPLETE)) { // the default: the completion alone
      assertThat(done.claimed()).isEmpty();
      assertThat(reload(second)).hasState(QUEUED);
      return;
    }
    assertThat(done.claimed()).hasSize(1);
    Job next = done.claimed().get(0);
    assertThat(next.id()).isEqualTo(second.id());
    assertThat(next).hasState(PROCESSING).hasAttempt(1);
    assertThat(next.workerId()).isEqualTo("w1");
    assertThat(reload(next)).isEqualTo(next);
    assertThat(store.history(second.id()))
        .extracting(JobEvent::transition)
        .containsExactly(Transition.SUBMIT, Transition.CLAIM);
  }

  @Test
  void a_job_the_completion_releases_from_waiting_can_be_its_next_job() {
    Job parent = running(aJobIn("flow"), "w1");
    Job child = submit(aJobIn("flow").dependsOn(List.of(parent.id())));

    CompletedAndClaimed done = store.completeAndClaim(parent.lease(), null, nextFor("flow", "w1"));

    assertThat(reload(parent)).hasState(COMPLETED);
    if (can(StoreCapability.CLAIM_ON_COMPLETE) && can(StoreCapability.ATOMIC_FOLLOW_UPS)) {
      assertThat(done.claimed()).extracting(Job::id).containsExactly(child.id());
      assertThat(reload(child)).hasState(PROCESSING);
    } else { // released after the completion, or claimed by a later claim
      assertThat(done.claimed()).isEmpty();
      assertThat(reload(child).state()).isIn(JobState.WAITING, QUEUED);
    }
  }

  @Test
  void an_empty_queue_or_a_claim_of_none_gives_the_completion_alone() {
    Job first = running("w1");
    Job second = running("w1");

    assertThat(store.completeAndClaim(first.lease(), null, nextFor(first.queue(), "w1")).claimed())
        .isEmpty();
    submit();
    CompletedAndClaimed none =
        store.completeAndClaim(
            second.lease(), null, ClaimRequest.of(first.queue(), "w1", 0, LEASE));

    assertThat(none.claimed()).isEmpty();
    assertThat(reload(first)).hasState(COMPLETED);
    assertThat(reload(second)).hasState(COMPLETED);
    assertThat(store.stats().totals()).containsEntry(QUEUED, 1L);
  }

  @Test
  void a_refused_completion_claims_nothing() {
    Job first = running("w1");
    clock.advance(LEASE.plusSeconds(1));
    assertThat(store.requeueExpired(10)).isEqualTo(1);
    Job again = claimOne(first.queue(), "w2");
    Job waiting = submit();

    assertThatThrownBy(
            () -> store.completeAndClaim(first.lease(), null, nextFor(first.queue(), "w1")))
        .isInstanceOf(StaleLeaseException.class);

    assertThat(reload(again)).hasState(PROCESSING).hasAttempt(2);
    assertThat(reload(waiting)).hasState(QUEUED);
  }
}
