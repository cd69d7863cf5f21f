package dev.ujm.store.sqlite;

import dev.ujm.core.model.DependencyRule;
import dev.ujm.core.model.IllegalTransitionException;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobNotFoundException;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.Json;
import dev.ujm.core.model.MoveArgs;
import dev.ujm.core.model.Transition;
import dev.ujm.core.store.CancelRequest;
import dev.ujm.core.workflow.Readiness;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The changes people ask for: cancel a job, re-drive a failed or cancelled one. Each checks the
 * move against the one table of moves before writing, and the update itself matches only a job in a
 * state the move starts from; the read and the write are one step because only the writer thread
 * writes. Runs on the writer thread inside a write task.
 */
final class ControlWrites {
  private static final String RETURNING = " RETURNING " + JobRows.COLUMNS;

  static final String CANCEL =
      "UPDATE jobs SET state = 'cancelled', finished_at = ?, lease_until = NULL, updated_at = ?"
          + " WHERE id = ? AND "
          + MoveSql.startsFrom(Transition.CANCEL)
          + RETURNING;

  /** One statement for both retry moves: to waiting while a dependency is still open. */
  static final String RETRY =
      "UPDATE jobs SET state = CASE WHEN ? THEN 'waiting' ELSE 'queued' END,"
          + " max_attempts = attempt + 1, run_at = NULL, finished_at = NULL,"
          + " worker_id = NULL, lease_until = NULL, updated_at = ? WHERE id = ? AND "
          + MoveSql.startsFrom(Transition.RETRY)
          + RETURNING;

  /** The first dependency that failed or was cancelled, and how it ended. */
  static final String STOPPED_DEPENDENCY =
      "SELECT p.id, p.state FROM job_dependencies d JOIN jobs p ON p.id = d.depends_on"
          + " WHERE d.job_id = ? AND p.state IN ('failed', 'cancelled') LIMIT 1";

  static final String RULE = "SELECT rule FROM jobs WHERE id = ?";

  private ControlWrites() {}

  /**
   * Any non-final state to cancelled; jobs waiting on it are cancelled too, since they can never
   * run.
   */
  static Job cancel(WriteTransaction tx, CancelRequest request) throws SQLException {
    WriteTransaction.Holder before = existing(tx, request.jobId());
    JobState from = before.state();
    from.checkMoveTo(JobState.CANCELLED, request.jobId());
    Job job = tx.jobs(CANCEL, tx.nowMillis(), tx.nowMillis(), request.jobId()).get(0);
    tx.changed(
        job,
        Transition.CANCEL,
        from,
        before.workerId(),
        MoveArgs.by(request.actor(), request.reason()));
    Dependents.stopped(tx, job);
    return job;
  }

  /**
   * Failed or cancelled to queued (or waiting, while a dependency is open), allowing one more
   * attempt than made so far; refused while a dependency has failed or been cancelled. The attempt
   * counter is kept, so a lease from before the retry stays stale. The jobs this one's failure had
   * cancelled wait for it again.
   */
  static Job retry(WriteTransaction tx, String jobId, String actor) throws SQLException {
    WriteTransaction.Holder before = existing(tx, jobId);
    JobState from = before.state();
    if (!Transition.RETRY.from().contains(from)) {
      throw new IllegalTransitionException(jobId, from, JobState.QUEUED);
    }
    Readiness.Verdict verdict =
        Readiness.judge(
            ruleOf(tx, jobId), Readiness.ParentCounts.of(RuleDependents.parentStates(tx, jobId)));
    if (verdict == Readiness.Verdict.NEVER) {
      try (ResultSet stopped =
          StatementCache.bind(tx.prepare(STOPPED_DEPENDENCY), jobId).executeQuery()) {
        throw new IllegalTransitionException(
            jobId,
            from,
            JobState.QUEUED,
            stopped.next()
                ? "its dependency "
                    + stopped.getString(1)
                    + " has "
                    + stopped.getString(2)
                    + "; retry that job and this one follows"
                : "every dependency completed, and it runs only when one does not");
      }
    }
    boolean open = verdict == Readiness.Verdict.WAIT;
    Job job = tx.jobs(RETRY, open ? 1 : 0, tx.nowMillis(), jobId).get(0);
    tx.changed(
        job,
        open ? Transition.RETRY_WAITING : Transition.RETRY,
        from,
        before.workerId(),
        MoveArgs.by(actor, null));
    Dependents.rearm(tx, job);
    return job;
  }

  private static DependencyRule ruleOf(WriteTransaction tx, String jobId) throws SQLException {
    try (ResultSet row = StatementCache.bind(tx.prepare(RULE), jobId).executeQuery()) {
      String text = row.next() ? row.getString(1) : null;
      return text == null ? null : Json.mapper().readValue(text, DependencyRule.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new SqliteStoreException("stored rule of job " + jobId + " is unreadable", e);
    }
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
