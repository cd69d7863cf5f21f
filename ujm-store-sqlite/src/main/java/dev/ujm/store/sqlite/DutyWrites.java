package dev.ujm.store.sqlite;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobError;
import dev.ujm.core.model.JobState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The changes the background duties make: promote scheduled jobs whose time has come, requeue jobs
 * whose lease expired or whose node restarted, and purge finished jobs past their retention. Each
 * finds a bounded batch through a partial index, named in the SQL because the planner, without
 * table statistics, would prefer the plain state index and sort. Runs on the writer thread inside a
 * write task.
 */
final class DutyWrites {
  static final String LEASE_EXPIRED = "lease-expired";

  private static final String RETURNING = " RETURNING " + JobRows.COLUMNS;
  private static final String APPEND_ERROR =
      "errors = json_insert(ifnull(errors, '[]'), '$[#]', json(?))";

  static final String PROMOTE =
      "UPDATE jobs SET state = 'queued', updated_at = ?"
          + " WHERE id IN (SELECT id FROM jobs INDEXED BY jobs_due"
          + "   WHERE state = 'scheduled' AND run_at <= ? ORDER BY run_at LIMIT ?)"
          + RETURNING;

  static final String EXPIRED =
      "SELECT id, worker_id, lease_until, attempt, max_attempts FROM jobs INDEXED BY jobs_lease"
          + " WHERE state = 'processing' AND lease_until < ? ORDER BY lease_until LIMIT ?";
  private static final String REQUEUE_EXPIRED =
      "UPDATE jobs SET state = 'queued', worker_id = NULL, lease_until = NULL, "
          + APPEND_ERROR
          + ", updated_at = ?"
          + " WHERE id = ?"
          + RETURNING;
  private static final String FAIL_EXPIRED =
      "UPDATE jobs SET state = 'failed', finished_at = ?, lease_until = NULL, "
          + APPEND_ERROR
          + ", updated_at = ?"
          + " WHERE id = ?"
          + RETURNING;

  static final String HELD_BY =
      "SELECT id, worker_id FROM jobs INDEXED BY jobs_lease"
          + " WHERE state = 'processing' AND substr(worker_id, 1, length(?)) = ?";
  private static final String REQUEUE_HELD =
      "UPDATE jobs SET state = 'queued', attempt = attempt - 1, worker_id = NULL, lease_until = NULL, updated_at = ?"
          + " WHERE id = ?"
          + RETURNING;

  static final String PURGEABLE =
      "SELECT id FROM jobs INDEXED BY jobs_finished"
          + " WHERE state IN ('completed', 'failed', 'cancelled') AND finished_at < ?"
          + " ORDER BY finished_at LIMIT ?";
  private static final List<String> PURGE =
      List.of(
          "DELETE FROM job_events WHERE job_id = ?",
          "DELETE FROM job_results WHERE job_id = ?",
          "DELETE FROM job_dependencies WHERE job_id = ?",
          "DELETE FROM job_tags WHERE job_id = ?",
          "DELETE FROM jobs WHERE id = ?");

  private DutyWrites() {}

  static int promoteDue(WriteTransaction tx, int limit) throws SQLException {
    List<Job> promoted = new ArrayList<>(tx.jobs(PROMOTE, tx.nowMillis(), tx.nowMillis(), limit));
    promoted.sort(LeaseWrites.CLAIM_ORDER);
    for (Job job : promoted) {
      tx.changed(job, JobState.SCHEDULED, null, "scheduler", "run time reached");
    }
    return promoted.size();
  }

  /**
   * The lost attempt is recorded as a {@code lease-expired} error; the last attempt fails, others
   * go back to queued.
   */
  static int requeueExpired(WriteTransaction tx, int limit) throws SQLException {
    record Expired(String id, String workerId, Instant leaseUntil, int attempt, int maxAttempts) {}
    List<Expired> expired = new ArrayList<>();
    try (ResultSet rows =
        StatementCache.bind(tx.prepare(EXPIRED), tx.nowMillis(), limit).executeQuery()) {
      while (rows.next()) {
        expired.add(
            new Expired(
                rows.getString(1),
                rows.getString(2),
                Instant.ofEpochMilli(rows.getLong(3)),
                rows.getInt(4),
                rows.getInt(5)));
      }
    }
    for (Expired job : expired) {
      String error =
          JobRows.text(
              new JobError(
                  LEASE_EXPIRED,
                  "the lease of worker " + job.workerId() + " expired at " + job.leaseUntil(),
                  job.attempt(),
                  tx.now()));
      if (job.attempt() < job.maxAttempts()) {
        Job requeued = tx.jobs(REQUEUE_EXPIRED, error, tx.nowMillis(), job.id()).get(0);
        tx.changed(requeued, JobState.PROCESSING, job.workerId(), "orphan-reaper", "lease expired");
      } else {
        Job failed = tx.jobs(FAIL_EXPIRED, tx.nowMillis(), error, tx.nowMillis(), job.id()).get(0);
        tx.changed(
            failed,
            JobState.PROCESSING,
            job.workerId(),
            "orphan-reaper",
            "lease expired, attempts exhausted");
        Dependents.stopped(tx, failed);
      }
    }
    return expired.size();
  }

  /**
   * Back to queued without counting the attempt, for every processing job whose worker id starts
   * with the prefix.
   */
  static int requeueHeldBy(WriteTransaction tx, String workerIdPrefix, String reason)
      throws SQLException {
    List<String[]> held = new ArrayList<>();
    try (ResultSet rows =
        StatementCache.bind(tx.prepare(HELD_BY), workerIdPrefix, workerIdPrefix).executeQuery()) {
      while (rows.next()) {
        held.add(new String[] {rows.getString(1), rows.getString(2)});
      }
    }
    for (String[] job : held) {
      Job requeued = tx.jobs(REQUEUE_HELD, tx.nowMillis(), job[0]).get(0);
      tx.changed(requeued, JobState.PROCESSING, job[1], ControlWrites.SYSTEM, reason);
    }
    return held.size();
  }

  /**
   * Deletes finished jobs (oldest finish first) with their events, result items, dependencies and
   * tags.
   */
  static int purge(WriteTransaction tx, long finishedBeforeMillis, int limit) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (ResultSet rows =
        StatementCache.bind(tx.prepare(PURGEABLE), finishedBeforeMillis, limit).executeQuery()) {
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
    }
    if (!ids.isEmpty()) {
      for (String sql : PURGE) {
        tx.batch(sql, ids, (statement, id) -> statement.setString(1, id));
      }
    }
    return ids.size();
  }
}
