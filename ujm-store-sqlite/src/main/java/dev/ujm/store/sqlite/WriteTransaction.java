package dev.ujm.store.sqlite;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.JobUpdate;
import dev.ujm.core.model.MoveArgs;
import dev.ujm.core.model.Transition;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one write task sees while the writer runs it inside a group transaction: the writer's cached
 * statements, its memory of the jobs under lease ({@link LeasedJobs}), the instant the task started
 * (one "now" for everything the task writes) and the changes it records. The audit events of those
 * changes go to the group's {@link GroupEvents} when the task succeeds, to be written with the
 * others' before the commit (and before any statement that reads {@code job_events}); the updates
 * reach listeners only after the group commits, and neither happens if the task fails. Used by the
 * writer thread only; not thread-safe.
 */
final class WriteTransaction {
  /** Rows per multi-row insert, largest first; the last is 1, so every count is covered. */
  private static final int[] CHUNKS = {32, 8, 1};

  /**
   * The multi-row statements by head and row count; the heads are constants, so the map stays
   * small.
   */
  private static final Map<String, String> MULTI_ROW_SQL = new ConcurrentHashMap<>();

  /**
   * What the group writes just before its commit rather than with each task: a statement that reads
   * those tables gets it written first.
   */
  record Deferred(GroupEvents events, GroupShares shares) {}

  private final StatementCache statements;
  private final LeasedJobs leased;
  private final Deferred deferred;
  private final Instant now;
  private final List<JobEvent> pendingEvents = new ArrayList<>();
  private final List<JobUpdate> updates = new ArrayList<>();
  private String resultJobId;
  private int resultBytes;
  private int sharesWritten;

  WriteTransaction(StatementCache statements, LeasedJobs leased, Deferred deferred, Instant now) {
    this.statements = statements;
    this.leased = leased;
    this.deferred = deferred;
    this.now = now;
  }

  /**
   * The writer's memory of the jobs under lease; the writer clears it when a task or a group fails.
   */
  LeasedJobs leased() {
    return leased;
  }

  Instant now() {
    return now;
  }

  long nowMillis() {
    return now.toEpochMilli();
  }

  /**
   * The cached statement for the SQL; a statement that reads the audit events gets the earlier
   * tasks' events written first, one that reads the fair shares or deletes jobs (a trigger counts
   * queued ones down) gets the shares' changes kept so far written first.
   */
  PreparedStatement prepare(String sql) throws SQLException {
    writeDeferredIfRead(sql);
    return statements.prepare(sql);
  }

  private void writeDeferredIfRead(String sql) throws SQLException {
    if (sql.contains("job_events")) {
      deferred.events().writeBefore(this);
    }
    if (sql.contains("fair_shares") || sql.contains("DELETE FROM jobs")) {
      deferred.shares().writeBefore(this);
    }
  }

  /**
   * Runs a statement of the group's own bookkeeping (the deferred rows themselves), writing nothing
   * first.
   */
  int writeDeferred(String sql, Object... parameters) throws SQLException {
    return StatementCache.bind(statements.prepare(sql), parameters).executeUpdate();
  }

  /**
   * Records the size of the result text the task stored for a job, so that the metered usage
   * ({@link GroupUsage}) counts it without writing the result as text again. A completion stores
   * one result, so only the last is kept; the usage writes any other one as text.
   */
  void resultStored(String jobId, int bytes) {
    resultJobId = jobId;
    resultBytes = bytes;
  }

  /** The size {@link #resultStored} last recorded, if for this job; otherwise -1. */
  int storedResultBytes(String jobId) {
    return jobId.equals(resultJobId) ? resultBytes : -1;
  }

  /** How many of {@link #updates()} the fair shares have taken in already. */
  int sharesWritten() {
    return sharesWritten;
  }

  void sharesWritten(int updates) {
    sharesWritten = updates;
  }

  /**
   * Runs a statement whose text varies (a pragma with its argument in the text) without caching it.
   */
  void execute(String sql) throws SQLException {
    writeDeferredIfRead(sql);
    try (java.sql.Statement statement = statements.connection().createStatement()) {
      statement.executeUpdate(sql);
    }
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
   * Runs one cached statement for each item. A plain loop, not JDBC batching: the driver steps each
   * row separately anyway, and its batch buffer, once grown by a large submit, is cleared in full
   * after every later batch.
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
        StatementCache.bind(prepare("SELECT state, worker_id FROM jobs WHERE id = ?"), jobId)
            .executeQuery()) {
      return rows.next() ? new Holder(JobState.parse(rows.getString(1)), rows.getString(2)) : null;
    }
  }

  /**
   * Records one named move of a job: its audit event ({@link Transition#audit}) is written with the
   * task, its update goes to the listeners after the commit.
   *
   * <p>Every change is checked here against the one table of moves, whatever SQL made it: a move
   * that does not lead from {@code from} to the state the job is in now throws {@link
   * dev.ujm.core.model.IllegalTransitionException}, which rolls the task's savepoint back.
   *
   * @param after the job as the change left it
   * @param move the named move the SQL made
   * @param from the state before; null for a submit
   * @param workerBefore the worker id the job carried before the change, or null
   * @param args the caller's actor and reason (null for the move's defaults)
   */
  void changed(Job after, Transition move, JobState from, String workerBefore, MoveArgs args) {
    JobEvent event = move.audit(from, after, workerBefore, args, now);
    pendingEvents.add(event);
    updates.add(new JobUpdate(after, event));
  }

  /** {@link #changed(Job, Transition, JobState, String, MoveArgs)} with the move's defaults. */
  void changed(Job after, Transition move, JobState from, String workerBefore) {
    changed(after, move, from, workerBefore, MoveArgs.defaults());
  }

  /** Records a progress report: no audit event, one update for the listeners. */
  void progressed(Job after) {
    updates.add(new JobUpdate(after, null));
  }

  /** The audit events of the changes recorded; the writer keeps them when the task succeeds. */
  List<JobEvent> events() {
    return pendingEvents;
  }

  /**
   * Binds one item as one row of a multi-row insert, after the {@code offset} parameters of the
   * rows before it.
   */
  @FunctionalInterface
  interface RowBinder<T> {
    void bind(PreparedStatement statement, int offset, T item) throws SQLException;
  }

  /**
   * Inserts one row per item, many rows per statement (32, 8, then 1 at a time): each statement run
   * costs more than binding one more row. Rows go in in the order of the items.
   *
   * @param head the insert up to and including {@code VALUES }, a constant
   * @param columns the parameters of one row
   */
  <T> void insertRows(String head, int columns, List<T> items, RowBinder<T> binder)
      throws SQLException {
    int next = 0;
    for (int rows : CHUNKS) {
      while (items.size() - next >= rows) {
        PreparedStatement insert = statements.prepare(multiRow(head, columns, rows));
        for (int row = 0; row < rows; row++) {
          binder.bind(insert, row * columns, items.get(next + row));
        }
        insert.executeUpdate();
        next += rows;
      }
    }
  }

  private static String multiRow(String head, int columns, int rows) {
    return MULTI_ROW_SQL.computeIfAbsent(
        head + rows,
        key -> {
          String row = "(" + String.join(", ", Collections.nCopies(columns, "?")) + ")";
          return head + String.join(", ", Collections.nCopies(rows, row));
        });
  }

  /** The updates to hand to the listeners once the group has committed. */
  List<JobUpdate> updates() {
    return updates;
  }
}
