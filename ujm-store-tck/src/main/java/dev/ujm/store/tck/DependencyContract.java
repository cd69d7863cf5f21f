package dev.ujm.store.tck;

import static dev.ujm.core.model.JobState.CANCELLED;
import static dev.ujm.core.model.JobState.QUEUED;
import static dev.ujm.core.model.JobState.SCHEDULED;
import static dev.ujm.core.model.JobState.WAITING;
import static dev.ujm.test.JobFixtures.aJob;
import static dev.ujm.test.JobFixtures.aJobIn;
import static dev.ujm.test.JobFixtures.anError;
import static dev.ujm.test.UjmAssertions.assertThat;
import static dev.ujm.test.UjmAssertions.assertThatThrownBy;

import dev.ujm.core.model.IllegalTransitionException;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.Transition;
import dev.ujm.core.store.CancelRequest;
import dev.ujm.core.store.FailRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Dependencies: a waiting job is released when all it depends on has completed, and cancelled
 * (transitively) when one of them fails or is cancelled.
 */
public abstract class DependencyContract extends StoreContractBase {
  protected DependencyContract(JobStoreContract contract) {
    super(contract);
  }

  private JobEvent lastEvent(Job job) {
    List<JobEvent> history = store.history(job.id());
    return history.get(history.size() - 1);
  }

  private void completeFrom(String queue) {
    store.complete(claimOne(queue, "w1").lease(), null);
  }

  private void failForGood(String queue) {
    Job job = claimOne(queue, "w1");
    store.fail(new FailRequest(job.lease(), anError("Boom", job.attempt(), clock.instant()), null));
  }

  @Test
  void a_waiting_job_is_queued_when_its_dependency_completes() {
    Job first = submit(aJobIn("first"));
    Job second = submit(aJobIn("second").dependsOn(List.of(first.id())));

    completeFrom("first");

    assertThat(reload(second)).hasState(QUEUED);
    assertThat(lastEvent(second).reason()).isEqualTo("dependencies completed");
    assertThat(lastEvent(second).from()).isEqualTo(WAITING);
    assertThat(claimOne("second", "w2").id()).isEqualTo(second.id());
  }

  @Test
  void a_job_waits_until_all_its_dependencies_have_completed() {
    Job a = submit(aJobIn("a"));
    Job b = submit(aJobIn("b"));
    Job both = submit(aJobIn("both").dependsOn(List.of(a.id(), b.id())));

    completeFrom("a");
    assertThat(reload(both)).hasState(WAITING);

    completeFrom("b");
    assertThat(reload(both)).hasState(QUEUED);
  }

  @Test
  void a_job_whose_dependencies_complete_before_its_run_time_waits_for_that_time() {
    Job first = submit(aJobIn("first"));
    Instant runAt = clock.instant().plus(Duration.ofMinutes(10));
    Job second = submit(aJobIn("second").dependsOn(List.of(first.id())).runAt(runAt));

    completeFrom("first");

    assertThat(reload(second)).hasState(SCHEDULED).hasRunAt(runAt);
    clock.advance(Duration.ofMinutes(10));
    assertThat(store.promoteDue(10)).isEqualTo(1);
    assertThat(reload(second)).hasState(QUEUED);
  }

  @Test
  void a_failed_dependency_cancels_its_dependents_transitively() {
    Job a = submit(aJobIn("a"));
    Job b = submit(aJobIn("b").dependsOn(List.of(a.id())));
    Job c = submit(aJobIn("c").dependsOn(List.of(b.id())));
    Job unrelated = submit(aJobIn("d"));

    failForGood("a");

    assertThat(reload(b)).hasState(CANCELLED).isFinishedAt(clock.instant());
    assertThat(reload(c)).hasState(CANCELLED);
    assertThat(lastEvent(b).reason()).isEqualTo("dependency " + a.id() + " failed");
    assertThat(lastEvent(c).reason()).isEqualTo("dependency " + b.id() + " cancelled");
    assertThat(reload(unrelated)).hasState(QUEUED);
  }

  @Test
  void a_cancelled_dependency_cancels_its_dependents() {
    Job a = submit(aJobIn("a"));
    Job b = submit(aJobIn("b").dependsOn(List.of(a.id())));

    store.cancel(new CancelRequest(a.id(), "alice", null));

    assertThat(reload(b)).hasState(CANCELLED);
    assertThat(lastEvent(b).reason()).isEqualTo("dependency " + a.id() + " cancelled");
  }

  @Test
  void a_failure_that_will_be_retried_leaves_dependents_waiting() {
    Job a = submit(aJobIn("a").maxAttempts(3));
    Job b = submit(aJobIn("b").dependsOn(List.of(a.id())));
    Job running = claimOne("a", "w1");

    store.fail(
        new FailRequest(
            running.lease(), anError("Boom", 1, clock.instant()), clock.instant().plusSeconds(5)));

    assertThat(reload(b)).hasState(WAITING);
  }

  @Test
  void a_dependency_purged_after_completing_counts_as_completed() {
    Job a = submit(aJobIn("a"));
    Job b = submit(aJobIn("b"));
    Job both = submit(aJob().dependsOn(List.of(a.id(), b.id())));
    completeFrom("a");
    Job runningB = claimOne("b", "w1");
    clock.advance(Duration.ofDays(1));
    assertThat(store.purge(clock.instant(), 100)).isEqualTo(1);
    assertThat(store.get(a.id())).isEmpty();

    store.complete(runningB.lease(), null);

    assertThat(reload(both)).hasState(QUEUED);
  }

  @Test
  void retrying_a_dependent_while_its_dependency_is_still_failed_is_refused_and_changes_nothing() {
    Job parent = submit(aJobIn("parent"));
    Job child = submit(aJobIn("child").dependsOn(List.of(parent.id())));
    failForGood("parent");
    Job cancelled = reload(child);

    assertThatThrownBy(() -> store.retry(child.id(), "alice"))
        .isInstanceOfSatisfying(
            IllegalTransitionException.class,
            e -> assertThat(e.getMessage()).contains(parent.id(), "failed"));
    assertThat(reload(child)).isEqualTo(cancelled);
  }

  @Test
  void retrying_a_parent_re_arms_the_dependents_its_failure_cancelled_down_the_chain() {
    Job parent = submit(aJobIn("parent"));
    Job child = submit(aJobIn("child").dependsOn(List.of(parent.id())));
    Job grandchild = submit(aJobIn("grandchild").dependsOn(List.of(child.id())));
    failForGood("parent");
    assertThat(reload(grandchild)).hasState(CANCELLED);

    store.retry(parent.id(), "alice");

    assertThat(reload(child)).hasState(WAITING);
    assertThat(reload(grandchild)).hasState(WAITING);
    assertThat(lastEvent(child).transition()).isEqualTo(Transition.REARM_DEPENDENT);
    assertThat(lastEvent(child).reason()).contains(parent.id(), "retried");
    completeFrom("parent");
    assertThat(reload(child)).hasState(QUEUED);
    completeFrom("child");
    assertThat(reload(grandchild)).hasState(QUEUED);
  }

  @Test
  void a_dependent_cancelled_by_a_user_stays_cancelled_when_its_parent_is_retried() {
    Job parent = submit(aJobIn("parent"));
    Job child = submit(aJobIn("child").dependsOn(List.of(parent.id())));
    store.cancel(new CancelRequest(child.id(), "alice", "not needed"));
    failForGood("parent");

    store.retry(parent.id(), "alice");

    assertThat(reload(child)).hasState(CANCELLED);
  }

  @Test
  void a_dependent_also_held_back_by_another_failed_parent_is_not_re_armed() {
    Job a = submit(aJobIn("a"));
    Job b = submit(aJobIn("b"));
    Job child = submit(aJobIn("child").dependsOn(List.of(a.id(), b.id())));
    failForGood("a");
    failForGood("b");

    store.retry(a.id(), "alice");

    assertThat(reload(child)).hasState(CANCELLED);
  }

  @Test
  void retrying_a_dependent_whose_dependency_is_still_open_makes_it_wait() {
    Job parent = submit(aJobIn("parent"));
    Job child = submit(aJobIn("child").dependsOn(List.of(parent.id())));
    store.cancel(new CancelRequest(child.id(), "alice", "paused"));

    Job retried = store.retry(child.id(), "alice");

    assertThat(retried).hasState(WAITING);
    assertThat(lastEvent(child).transition()).isEqualTo(Transition.RETRY_WAITING);
    completeFrom("parent");
    assertThat(reload(child)).hasState(QUEUED);
  }
}
