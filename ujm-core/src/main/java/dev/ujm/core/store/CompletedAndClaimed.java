package dev.ujm.core.store;

import dev.ujm.core.model.Job;
import java.util.List;

/**
 * What {@link JobStore#completeAndClaim} did: the job it completed and the jobs it claimed for the
 * worker's freed slot in the same step (none when the queue had none, or when the store claims
 * nothing with a completion).
 *
 * @param completed the job as the completion left it
 * @param claimed the jobs claimed, in the order claimed
 */
public record CompletedAndClaimed(Job completed, List<Job> claimed) {
  public CompletedAndClaimed {
    claimed = List.copyOf(claimed);
  }
}
