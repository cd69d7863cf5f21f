package dev.ujm.store.sqlite;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.MoveArgs;
import dev.ujm.core.model.Transition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Moves the jobs that wait on another job once that job has reached a final state: on to queued (or
 * scheduled, when their run time is still ahead) when their last dependency completed, to cancelled
 * (and so on down the chain) when one failed or was cancelled. A dependency that no longer exists
 * (purged after completing) counts as completed. Runs inside the write task of the change that
 * finished the dependency, so both are one atomic step. Jobs without a dependency rule move by the
 * set-based statements here; jobs with one ({@code runWhen}, {@code runIf}, callbacks) are judged
 * one by one in {@link RuleDependents}, and whatever either cancels is followed down the chain.
 */
final class Dependents {
  static final String RELEASE_READY =
      "UPDATE jobs SET state = CASE WHEN run_at > ? THEN 'scheduled' ELSE 'queued' END, updated_at = ?"
          + " WHERE "
          + MoveSql.startsFrom(Transition.RELEASE_DEPENDENT)
          + " AND rule IS NULL"
          + " AND id IN (SELECT job_id FROM job_dependencies WHERE depends_on = ?)"
          + " AND NOT EXISTS (SELECT 1 FROM job_dependencies d JOIN jobs p ON p.id = d.depends_on"
          + "   WHERE d.job_id = jobs.id AND p.state <> 'completed')"
          + " RETURNING "
          + JobRows.COLUMNS;

  static final String CANCEL_WAITING =
      "UPDATE jobs SET state = 'cancelled', finished_at = ?, updated_at = ?"
          + " WHERE "
          + MoveSql.startsFrom(Transition.CANCEL_DEPENDENT)
          + " AND rule IS NULL"
          + " AND id IN (SELECT job_id FROM job_dependencies WHERE depends_on = ?)"
          + " RETURNING "
          + JobRows.COLUMNS;

  /**
   * The dependents a retried job's failure had cancelled (their last audit event is a {@code
   * cancel-dependent}) and that no other stopped dependency holds back: they wait again.
   */
  static final String REARM =
      "UPDATE jobs SET state = 'waiting', finished_at = NULL, updated_at = ?"
          + " WHERE "
          + MoveSql.startsFrom(Transition.REARM_DEPENDENT)
          + " AND rule IS NULL"
          + " AND id IN (SELECT job_id FROM job_dependencies WHERE depends_on = ?)"
          + " AND (SELECT transition FROM job_events e WHERE e.job_id = jobs.id"
          + "   ORDER BY seq DESC LIMIT 1) = 'cancel-dependent'"
          + " AND NOT EXISTS (SELECT 1 FROM job_dependencies d JOIN jobs p ON p.id = d.depends_on"
          + "   WHERE d.job_id = jobs.id AND p.state IN ('failed', 'cancelled'))"
          + " RETURNING "
          + JobRows.COLUMNS;

  /**
   * A cheap look before the update: most jobs have no dependents, and an UPDATE costs more even
   * when it matches none.
   */
  static final String HAS_DEPENDENTS =
      "SELECT 1 FROM job_dependencies WHERE depends_on = ? LIMIT 1";

  private Dependents() {}

  /**
   * Releases the waiting dependents of a job that just completed whose every dependency is now
   * completed.
   */
  static void completed(WriteTransaction tx, String jobId) throws SQLException {
    if (!hasDependents(tx, jobId)) {
      return;
    }
    for (Job ready : tx.jobs(RELEASE_READY, tx.nowMillis(), tx.nowMillis(), jobId)) {
      tx.changed(
          ready,
          ready.state() == JobState.SCHEDULED
              ? Transition.RELEASE_DEPENDENT_SCHEDULED
              : Transition.RELEASE_DEPENDENT,
          JobState.WAITING,
          null);
    }
    for (Job cancelled : RuleDependents.settle(tx, jobId, JobState.COMPLETED)) {
      stopped(tx, cancelled);
    }
  }

  /**
   * Cancels the waiting dependents of a job that failed or was cancelled, and theirs in turn: they
   * can never run. Each one's event names the job that stopped it and that job's state ({@code
   * dependency ID failed} / {@code cancelled}).
   */
  static void stopped(WriteTransaction tx, Job stoppedJob) throws SQLException {
    if (!hasDependents(tx, stoppedJob.id())) {
      return;
    }
    Deque<Job> causes = new ArrayDeque<>();
    causes.push(stoppedJob);
    while (!causes.isEmpty()) {
      Job cause = causes.pop();
      MoveArgs why = MoveArgs.by(null, "dependency " + cause.id() + " " + cause.state().wireName());
      for (Job cancelled : tx.jobs(CANCEL_WAITING, tx.nowMillis(), tx.nowMillis(), cause.id())) {
        tx.changed(cancelled, Transition.CANCEL_DEPENDENT, JobState.WAITING, null, why);
        causes.push(cancelled);
      }
      RuleDependents.settle(tx, cause.id(), cause.state()).forEach(causes::push);
    }
  }

  /**
   * Re-arms the jobs that a retried job's failure had cancelled, and theirs in turn, so a retried
   * parent that succeeds lets its dependents run.
   */
  static void rearm(WriteTransaction tx, Job retried) throws SQLException {
    if (!hasDependents(tx, retried.id())) {
      return;
    }
    Deque<Job> causes = new ArrayDeque<>();
    causes.push(retried);
    while (!causes.isEmpty()) {
      Job cause = causes.pop();
      MoveArgs why = MoveArgs.by(null, "dependency " + cause.id() + " retried");
      for (Job rearmed : tx.jobs(REARM, tx.nowMillis(), cause.id())) {
        tx.changed(rearmed, Transition.REARM_DEPENDENT, JobState.CANCELLED, null, why);
        causes.push(rearmed);
      }
      RuleDependents.rearm(tx, cause).forEach(causes::push);
    }
  }

  private static boolean hasDependents(WriteTransaction tx, String jobId) throws SQLException {
    try (ResultSet row = StatementCache.bind(tx.prepare(HAS_DEPENDENTS), jobId).executeQuery()) {
      return row.next();
    }
  }
}
