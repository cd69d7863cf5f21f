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
}
