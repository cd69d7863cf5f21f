package dev.ujm.store.redismongo;

import dev.ujm.core.duty.Duty;
import dev.ujm.core.store.JobStore;
import java.time.Duration;

/**
 * Finishes the follow-ups that moves left on record when their node died between the move and its
 * cascade (or lost a race to another write). Moves finish their own follow-ups at once; this duty
 * is the net under them. Idempotent, so it is safe on several nodes; it runs on one at a time.
 */
final class PendingFollowUps extends Duty {
  private static final int PER_PASS = 1000;

  private final JobStore store;

  PendingFollowUps(JobStore store, Duration interval) {
    super("follow-up-finisher", interval);
    this.store = store;
  }

  @Override
  public int runOnce() {
    return store.finishFollowUps(PER_PASS);
  }
}
