package dev.ujm.store.sqlite;

import dev.ujm.core.model.IllegalTransitionException;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobNotFoundException;
import dev.ujm.core.model.JobState;
import dev.ujm.core.store.CancelRequest;
import java.sql.SQLException;

/**
 * The changes people ask for: cancel a job, re-drive a failed or cancelled one. Each checks the
 * move against {@link JobState}'s table before writing; the read and the write are one step because
 * only the writer thread writes. Runs on the writer thread inside a write task.
 */
final class ControlWrites {
  static final String SYSTEM = "system";

  private static final String RETURNING = " RETURNING " + JobRows.COLUMNS;

  private ControlWrites() {}

  /**
   * Any non-final state to cancelled; jobs waiting on it are cancelled too, since they can never
   * run.
   */
  static Job cancel(WriteTransaction tx, CancelRequest request) throws SQLException {
    WriteTransaction.Holder before = existing(tx, request.jobId());
    JobState from = before.state();
    from.checkMoveTo(JobState.CANCELLED, request.jobId());
    Job job =
        tx.jobs(
                "UPDATE jobs SET state = 'cancelled', finished_at = ?, lease_until = NULL, updated_at = ? WHERE id = ?"
                    + RETURNING,
                tx.nowMillis(),
                tx.nowMillis(),
                request.jobId())
            .get(0);
    tx.changed(
        job,
        from,
        before.workerId(),
        request.actor() == null ? SYSTEM : request.actor(),
        request.reason() == null ? "cancelled" : request.reason());
    Dependents.stopped(tx, job);
    return job;
  }

  /**
   * Failed or cancelled to queued, allowing one more attempt than made so far. The attempt counter
   * is kept, so a lease from before the retry stays stale.
   */
  static Job retry(WriteTransaction tx, String jobId, String actor) throws SQLException {
    WriteTransaction.Holder before = existing(tx, jobId);
    JobState from = before.state();
    if (from != JobState.FAILED && from != JobState.CANCELLED) {
      throw new IllegalTransitionException(jobId, from, JobState.QUEUED);
    }
    Job job =
        tx.jobs(
                "UPDATE jobs SET state = 'queued', max_attempts = attempt + 1, run_at = NULL, finished_at = NULL,"
                    + " worker_id = NULL, lease_until = NULL, updated_at = ? WHERE id = ?"
                    + RETURNING,
                tx.nowMillis(),
                jobId)
            .get(0);
    tx.changed(job, from, before.workerId(), actor == null ? SYSTEM : actor, "retried");
    return job;
  }

  private static WriteTransaction.Holder existing(WriteTransaction tx, String jobId)
      throws SQLException {
    WriteTransaction.Holder holder = tx.holderOf(jobId);
    if (holder == null) {
      throw new JobNotFoundException(jobId);
    }
    return holder;
  }
}
