package dev.ujm.store.sqlite;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobError;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.MoveArgs;
import dev.ujm.core.model.Transition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The changes the background duties make: promote scheduled jobs whose time has come, requeue jobs
 * whose lease expired or whose node restarted, and purge finished jobs past their retention. Each
 * finds a bounded batch through a partial index, named in the SQL because the planner, without
 * table statistics, would prefer the plain state index and sort. Every update repeats the condition
 * it was selected by (state, worker, attempt, lease), so a job another writer moved in between is
 * left alone: duties may run on several nodes at once. Runs on the writer thread inside a write
 * task.
 */
final class DutyWrites {
  static final String LEASE_EXPIRED = "lease-expired";

  private static final String RETURNING = " RETURNING " + JobRows.COLUMNS;
  private static final String APPEND_ERROR =
      "errors = json_insert(ifnull(errors, '[]'), '$[#]', json(?))";

  static final String PROMOTE =
      "UPDATE jobs SET state = 'queued', updated_at = ?"
          + " WHERE id IN (SELECT id FROM jobs INDEXED BY jobs_due"
          + "   WHERE "
          + MoveSql.startsFrom(Transition.PROMOTE)
          + " AND run_at <= ? ORDER BY run_at LIMIT ?)"
          + RETURNING;

  static final String EXPIRED =
      "SELECT id, worker_id, lease_until, attempt, max_attempts FROM jobs INDEXED BY jobs_running"
          + " WHERE state = 'processing' AND lease_until < ? ORDER BY lease_until LIMIT ?";

  /** Still the same lost attempt, and still expired. */
  private static final String STILL_EXPIRED =
      " WHERE id = ? AND "
          + MoveSql.startsFrom(Transition.REQUEUE_EXPIRED)
          + " AND worker_id = ? AND attempt = ? AND lease_until < ?";

  private static final String REQUEUE_EXPIRED =
      "UPDATE jobs SET state = 'queued', worker_id = NULL, lease_until = NULL, "
          + APPEND_ERROR
          + ", updated_at = ?"
          + STILL_EXPIRED
          + RETURNING;
  private static final String FAIL_EXPIRED =
      "UPDATE jobs SET state = 'failed', finished_at = ?, lease_until = NULL, "
          + APPEND_ERROR
          + ", updated_at = ?"
          + STILL_EXPIRED
          + RETURNING;

  static final String HELD_BY =
      "SELECT id, worker_id FROM jobs INDEXED BY jobs_running"
          + " WHERE state = 'processing' AND substr(worker_id, 1, length(?)) = ?";
  private static final String REQUEUE_HELD =
      "UPDATE jobs SET state = 'queued', attempt = attempt - 1, worker_id = NULL, lease_until = NULL, updated_at = ?"
          + " WHERE id = ? AND "
          + MoveSql.startsFrom(Transition.REQUEUE_HELD)
          + " AND worker_id = ?"
          + RETURNING;

  /** The ids of one purge step, oldest finish first, as one JSON array. */
  static final String PURGEABLE =
      "SELECT json_group_array(id) FROM (SELECT id FROM jobs INDEXED BY jobs_finished"
          + " WHERE state IN ('completed', 'failed', 'cancelled') AND finished_at < ?"
          + " ORDER BY finished_at LIMIT ?)";

  /** What goes with a purged job, each one statement for the whole step. */
  static final List<String> PURGE =
      List.of(
          "DELETE FROM job_events WHERE job_id IN " + PurgedTrails.IDS,
          "DELETE FROM job_results WHERE job_id IN " + PurgedTrails.IDS,
          "DELETE FROM job_dependencies WHERE job_id IN " + PurgedTrails.IDS,
          "DELETE FROM job_tags WHERE job_id IN " + PurgedTrails.IDS);

  static final String PURGE_JOBS = "DELETE FROM jobs WHERE id IN " + PurgedTrails.IDS;

  private DutyWrites() {}

  static int promoteDue(WriteTransaction tx, int limit) throws SQLException {
    List<Job> promoted = new ArrayList<>(tx.jobs(PROMOTE, tx.nowMillis(), tx.nowMillis(), limit));
    promoted.sort(LeaseWrites.CLAIM_ORDER);
    for (Job job : promoted) {
      tx.changed(job, Transition.PROMOTE, JobState.SCHEDULED, null);
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
    int moved = 0;
    for (Expired job : expired) {
      Object[] still = {job.id(), job.workerId(), job.attempt(), tx.nowMillis()};
      String error =
          JobRows.text(
              new JobError(
                  LEASE_EXPIRED,
                  "the lease of worker " + job.workerId() + " expired at " + job.leaseUntil(),
                  job.attempt(),
                  tx.now()));
      boolean last = job.attempt() >= job.maxAttempts();
      List<Job> changed =
          last
              ? tx.jobs(
                  FAIL_EXPIRED, concat(new Object[] {tx.nowMillis(), error, tx.nowMillis()}, still))
              : tx.jobs(REQUEUE_EXPIRED, concat(new Object[] {error, tx.nowMillis()}, still));
      if (changed.isEmpty()) {
        continue; // moved on by another writer since it was selected
      }
      Job after = changed.get(0);
      tx.changed(
          after,
          last ? Transition.EXPIRE : Transition.REQUEUE_EXPIRED,
          JobState.PROCESSING,
          job.workerId());
      if (last) {
        Dependents.stopped(tx, after);
      }
      moved++;
    }
    return moved;
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
    int moved = 0;
    for (String[] job : held) {
      List<Job> changed = tx.jobs(REQUEUE_HELD, tx.nowMillis(), job[0], job[1]);
      if (!changed.isEmpty()) {
        tx.changed(
            changed.get(0),
            Transition.REQUEUE_HELD,
            JobState.PROCESSING,
            job[1],
            MoveArgs.by(null, reason));
        moved++;
      }
    }
    return moved;
  }

  /**
   * Deletes finished jobs (oldest finish first) with their result items, dependencies and tags,
   * keeping their audit trails in {@code purged_jobs} ({@link PurgedTrails}). Set-based: the ids of
   * the step travel as one JSON array, and each table is cleared by one statement.
   */
  static int purge(WriteTransaction tx, long finishedBeforeMillis, int limit) throws SQLException {
    String ids;
    try (ResultSet row =
        StatementCache.bind(tx.prepare(PURGEABLE), finishedBeforeMillis, limit).executeQuery()) {
      row.next();
      ids = row.getString(1);
    }
    if (ids == null || ids.equals("[]")) {
      return 0;
    }
    tx.update(PurgedTrails.KEEP, tx.nowMillis(), ids);
    for (String sql : PURGE) {
      tx.update(sql, ids);
    }
    return tx.update(PURGE_JOBS, ids);
  }

  private static Object[] concat(Object[] head, Object[] tail) {
    Object[] all = new Object[head.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }
}
