package dev.ujm.core.store;

/**
 * How a store keeps the parts of the contract that backends differ in. A store declares its own in
 * {@link JobStore#capabilities()}; the contract suite tests each shape (never a store's class), and
 * code above the store reads them instead of guessing.
 */
public enum StoreCapability {
  /**
   * What follows a move — its audit event, the dependents' cascade, counters and indexes — commits
   * in the same atomic step as the move (one SQLite transaction, one lock). Without it the store
   * records what is left to do with the move itself and finishes it as an explicit, idempotent
   * follow-up ({@link JobStore#finishFollowUps}), right after the move and again after a crash or
   * restart; until then a reader may see the move without its consequences.
   */
  ATOMIC_FOLLOW_UPS,
  /**
   * Listeners have been called by the time the writing method returns (the store notifies on the
   * committing thread). A store that publishes through a broker and delivers later leaves this out.
   */
  SYNCHRONOUS_LISTENERS,
  /**
   * {@link JobStore#completeAndClaim} claims the worker's next jobs in the same atomic step as the
   * completion. Without it the method completes and claims nothing, and a worker pool frees the
   * slot as soon as the handler returns, so its claim loop claims for it.
   */
  CLAIM_ON_COMPLETE
}
