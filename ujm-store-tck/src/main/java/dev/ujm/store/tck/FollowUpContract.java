package dev.ujm.store.tck;

import static dev.ujm.core.model.JobState.CANCELLED;
import static dev.ujm.core.model.JobState.QUEUED;
import static dev.ujm.core.model.JobState.WAITING;
import static dev.ujm.test.JobFixtures.aJobIn;
import static dev.ujm.test.JobFixtures.anError;
import static dev.ujm.test.UjmAssertions.assertThat;

import dev.ujm.core.model.Job;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.FailRequest;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.store.StoreCapability;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What follows a move (here the dependents' cascade) is either part of the move's atomic step, or a
 * follow-up the store finishes itself — after a crash between the two as well. Each store is held
 * to the shape it declares ({@link StoreCapability#ATOMIC_FOLLOW_UPS}).
 */
public abstract class FollowUpContract extends StoreContractBase {
  protected FollowUpContract(JobStoreContract contract) {
    super(contract);
  }

  private record Family(Job completedParent, Job released, Job failedParent, Job cancelled) {}

  /** Two parents with a dependent each; one parent completes, the other fails for good. */
  private Family family(JobStore on) {
    Job ok = on.submit(aJobIn("ok").build()).job();
    Job released = on.submit(aJobIn("after-ok").dependsOn(List.of(ok.id())).build()).job();
    Job bad = on.submit(aJobIn("bad").maxAttempts(1).build()).job();
    Job cancelled = on.submit(aJobIn("after-bad").dependsOn(List.of(bad.id())).build()).job();
    Job a = on.claim(ClaimRequest.of("ok", "w1", 1, LEASE)).getFirst();
    on.complete(a.lease(), null);
    Job b = on.claim(ClaimRequest.of("bad", "w1", 1, LEASE)).getFirst();
    on.fail(new FailRequest(b.lease(), anError("Boom", 1, clock.instant()), null));
    return new Family(ok, released, bad, cancelled);
  }

  private static Job reload(JobStore on, Job job) {
    return on.get(job.id()).orElseThrow();
  }

  @Test
  void the_cascade_of_a_move_is_done_when_its_follow_ups_are_finished() {
    JobStore on = can(StoreCapability.ATOMIC_FOLLOW_UPS) ? store : stoppingBeforeFollowUps();
    assertThat(on).as("a store without atomic follow-ups offers the stopping hook").isNotNull();

    Family f = family(on);
    if (can(StoreCapability.ATOMIC_FOLLOW_UPS)) {
      assertThat(on.finishFollowUps(100)).isZero();
    } else {
      assertThat(reload(on, f.released())).hasState(WAITING);
      assertThat(reload(on, f.cancelled())).hasState(WAITING);
      assertThat(on.finishFollowUps(100)).isPositive();
    }

    assertThat(reload(on, f.released())).hasState(QUEUED);
    assertThat(reload(on, f.cancelled())).hasState(CANCELLED);
    Job released = reload(on, f.released());
    assertThat(on.finishFollowUps(100)).isZero();
    assertThat(reload(on, f.released())).isEqualTo(released);
    LegalHistories.check(on);
  }

  @Test
  void a_store_reopened_after_a_crash_finishes_every_pending_follow_up() {
    boolean atomic = can(StoreCapability.ATOMIC_FOLLOW_UPS);
    JobStore crashed = atomic ? store : stoppingBeforeFollowUps();
    Family f = family(crashed);
    crashed.close();

    JobStore restarted = openAnother(crashed);
    restarted.finishFollowUps(Integer.MAX_VALUE);

    assertThat(reload(restarted, f.released())).hasState(QUEUED);
    assertThat(reload(restarted, f.cancelled())).hasState(CANCELLED);
    assertThat(restarted.finishFollowUps(100)).isZero();
    LegalHistories.check(restarted);
    if (atomic) {
      store = restarted; // the suite's own checks run on the reopened store
    }
  }
}
