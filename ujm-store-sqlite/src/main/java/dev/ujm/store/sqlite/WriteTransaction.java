package dev.ujm.store.sqlite;

import dev.ujm.core.Job;
import dev.ujm.core.JobEvent;
import dev.ujm.core.JobState;
import dev.ujm.core.JobUpdate;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one write task sees while the writer runs it inside a group transaction: the writer's cached statements, its
 * memory of the jobs under lease ({@link LeasedJobs}), the instant the task started (one "now" for everything the task writes) and the changes it records. The audit events of
 * those changes are written inside the task's savepoint; the updates reach listeners only after the group commits,
 * and not at all if the task fails. Used by the writer thread only; not thread-safe.
 */
final class WriteTransaction {
  /** Rows per multi-row event insert, largest first; the last is 1, so every count is covered. */
  private static final int[] EVENT_CHUNKS = {32, 8, 1};

  private static final int EVENT_PARAMETERS = 8;
  private static final String[] INSERT_EVENTS = new String[EVENT_CHUNKS[0] + 1];

  static {
    for (int rows : EVENT_CHUNKS) {
      String row = "(?, ?, ?, ?, ?, ?, ?, ?)";
      INSERT_EVENTS[rows] =
          "INSERT INTO job_events (" + JobRows.EVENT_COLUMNS + ") VALUES " + String.join(", ", Collections.nCopies(rows, row));
    }
  }

  private final StatementCache statements;
  private final LeasedJobs leased;
  private final Instant now;
  private final List<JobEvent> pendingEvents = new ArrayList<>();
  private final List<JobUpdate> updates = new ArrayList<>();

  WriteTransaction(StatementCache statements, LeasedJobs leased, Instant now) {
    this.statements = statements;
    this.leased = leased;
    this.now = now;
  }

  /** The writer's memory of the jobs under lease; the writer clears it when a task or a group fails. */
  LeasedJobs leased() {
    return leased;
  }

  Instant now() {
    return now;
  }

  long nowMillis() {
    return now.toEpochMilli();
  }

  PreparedStatement prepare(String sql) throws SQLException {
    return statements.prepare(sql);
  }

  /** Runs a statement selecting (or returning) {@link JobRows#COLUMNS} and reads every row. */
  List<Job> jobs(String sql, Object... parameters) throws SQLException {
    try (ResultSet rows = StatementCache.bind(prepare(sql), parameters).executeQuery()) {
      return JobRows.jobs(rows);
    }
  }

  /** Runs an insert, update or delete and returns the number of rows it changed. */
  int update(String sql, Object... parameters) throws SQLException {
    return StatementCache.bind(prepare(sql), parameters).executeUpdate();
  }

  /** Binds one item of a batch to the statement's parameters. */
  @FunctionalInterface
  interface Binder<T> {
    void bind(PreparedStatement statement, T item) throws SQLException;
  }

  /**
   * Runs one cached statement for each item. A plain loop, not JDBC batching: the driver steps each row separately
   * anyway, and its batch buffer, once grown by a large submit, is cleared in full after every later batch.
   */
  <T> void batch(String sql, List<T> items, Binder<T> binder) throws SQLException {
    PreparedStatement statement = prepare(sql);
    for (T item : items) {
      binder.bind(statement, item);
      statement.executeUpdate();
    }
  }

  /** The state of a job, or null when there is no such job. */
  JobState stateOf(String jobId) throws SQLException {
    Holder holder = holderOf(jobId);
    return holder == null ? null : holder.state();
  }

  /** A job's state and the worker id it carries (null when none). */
  record Holder(JobState state, String workerId) {}

  /** The state and worker of a job, or null when there is no such job. */
  Holder holderOf(String jobId) throws SQLException {
    try (ResultSet rows =
        StatementCache.bind(prepare("SELECT state, worker_id FROM jobs WHERE id = ?"), jobId).executeQuery()) {
      return rows.next() ? new Holder(JobState.parse(rows.getString(1)), rows.getString(2)) : null;
    }
  }

  /**
   * Records a state change of a job: its audit event is written with the task, its update goes to the listeners after
   * the commit. The event names the worker that holds or takes the job in the change: the one it carries after the
   * change, else the one it carried before, else none.
   *
   * @param after the job as the change left it
   * @param from the state before; null for a submit
   * @param workerBefore the worker id the job carried before the change, or null
   */
  void changed(Job after, JobState from, String workerBefore, String actor, String reason) {
    String workerId = after.workerId() != null ? after.workerId() : workerBefore;
    JobEvent event = new JobEvent(after.id(), from, after.state(), after.attempt(), workerId, actor, reason, now);
    pendingEvents.add(event);
    updates.add(new JobUpdate(after, event));
  }

  /** Records a progress report: no audit event, one update for the listeners. */
  void progressed(Job after) {
    updates.add(new JobUpdate(after, null));
  }

  /**
   * Writes the audit events recorded so far, many rows per statement (each statement run costs more than binding its
   * rows); the writer calls it before it releases the savepoint.
   */
  void writeEvents() throws SQLException {
    int next = 0;
    for (int rows : EVENT_CHUNKS) {
      while (pendingEvents.size() - next >= rows) {
        PreparedStatement insert = prepare(INSERT_EVENTS[rows]);
        for (int row = 0; row < rows; row++) {
          JobRows.bindEvent(insert, row * EVENT_PARAMETERS, pendingEvents.get(next + row));
        }
        insert.executeUpdate();
        next += rows;
      }
    }
    pendingEvents.clear();
  }

  /** The updates to hand to the listeners once the group has committed. */
  List<JobUpdate> updates() {
    return updates;
  }
}
