package dev.ujm.core.worker;

import dev.ujm.core.model.Job;
import dev.ujm.core.store.ClaimRequest;
import java.util.List;

/**
 * The pool slot an attempt runs in, as the end of the attempt sees it. When the handler returns,
 * the slot is either freed at once (its pool's claim loop claims for it, in the same group commit
 * as the outcome where the store groups writes), or, for a completion on a store that claims with
 * completions, kept: the completion claims the slot's next job in its own write, and the job runs
 * in this slot next, without waiting for a claim of its own.
 */
interface PoolSlot {
  /** A slot that claims nothing with completions and has nothing to free. */
  PoolSlot NONE =
      new PoolSlot() {
        @Override
        public ClaimRequest claimWithCompletion() {
          return null;
        }

        @Override
        public void claimed(List<Job> jobs) {}

        @Override
        public void free() {}
      };

  /**
   * The handler completed: the claim to make in the completion's write, or null, and then the
   * caller frees the slot.
   */
  ClaimRequest claimWithCompletion();

  /** The jobs the completion claimed for this slot (any beyond its one next job start alone). */
  void claimed(List<Job> jobs);

  /** Frees the slot for the pool's claim loop; only the first call counts. */
  void free();
}
