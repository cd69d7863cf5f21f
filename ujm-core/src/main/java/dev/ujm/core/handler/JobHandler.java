package dev.ujm.core.handler;

/**
 * The one method a job type implements. It runs on its own virtual thread, once per attempt, and
 * must honour interruption and {@link JobContext#isCancelled()}. Delivery is at least once: an
 * attempt may run again after a crash, so its effects must be idempotent or resumable from {@link
 * JobContext#checkpoint(Class)}.
 *
 * <p>Return an {@link JobOutcome}; a thrown exception counts as a failed attempt that is retried
 * with backoff while attempts remain.
 *
 * @param <P> the payload type, mapped from the job's JSON payload
 */
@FunctionalInterface
public interface JobHandler<P> {
  JobOutcome run(JobContext<P> context) throws Exception;

  /**
   * What one job of this payload costs, in cost units: what a tenant's fair share and its {@code
   * costPerDay} quota are charged for it. One unless the type says otherwise (a crawl costs its
   * {@code maxPages}), so a type whose jobs differ widely in work should override it. Called at
   * submit with a payload that passed validation; must be quick, positive and finite.
   */
  default double cost(P payload) {
    return 1;
  }
}
