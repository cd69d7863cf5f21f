package dev.ujm.store.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ujm.core.model.DependencyRule;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobError;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.Json;
import dev.ujm.core.model.Priority;
import dev.ujm.core.model.Progress;
import dev.ujm.core.model.RetryBackoff;
import dev.ujm.core.model.Transition;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The mapping between a {@link Job} and a row of {@code jobs}, and between {@link JobEvent} and
 * {@code job_events}. Instants are stored as epoch milliseconds, states by their wire name,
 * priorities by rank, and JSON values (payload, progress, checkpoint, result, errors, dependencies,
 * tags, retry backoff) as text written by {@link Json}. Stateless and thread-safe.
 */
final class JobRows {
  /** Every column of {@code jobs}, in the order {@link #job(ResultSet)} reads them. */
  static final String COLUMNS =
      "id, type, queue, priority, tenant_id, owner_id, payload, state, attempt, max_attempts, run_at,"
          + " timeout_seconds, idempotency_key, depends_on, tags, progress, checkpoint, result, errors, worker_id,"
          + " lease_until, created_at, started_at, finished_at, updated_at, retry_backoff, rule, cost";

  /**
   * The columns a submit writes. A new job has no progress, checkpoint, result or errors, no worker
   * or lease and no start or end yet: those columns are left NULL rather than bound as NULL, eight
   * parameters fewer per job of a batch.
   */
  private static final String NEW_JOB_COLUMNS =
      "id, type, queue, priority, tenant_id, owner_id, payload, state, attempt, max_attempts, run_at,"
          + " timeout_seconds, idempotency_key, depends_on, tags, created_at, updated_at,"
          + " retry_backoff, rule, cost";

  /** The head of a (multi-row) insert of new jobs, see {@link WriteTransaction#insertRows}. */
  static final String INSERT = "INSERT INTO jobs (" + NEW_JOB_COLUMNS + ") VALUES ";

  /** The parameters of one row of {@link #INSERT}. */
  static final int INSERT_COLUMNS = 20;

  static final String EVENT_COLUMNS =
      "job_id, from_state, to_state, attempt, worker_id, actor, reason, at, transition";

  private static final ObjectMapper JSON = Json.mapper();
  private static final TypeReference<List<JobError>> ERRORS = new TypeReference<>() {};
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private JobRows() {}

  /** Reads the job at the cursor of a result set selected with {@link #COLUMNS}. */
  static Job job(ResultSet row) throws SQLException {
    return new Job(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        Priority.ofRank(row.getInt(4)),
        row.getString(5),
        row.getString(6),
        tree(row.getString(7)),
        JobState.parse(row.getString(8)),
        row.getInt(9),
        row.getInt(10),
        instant(row, 11),
        integer(row, 12),
        row.getString(13),
        read(row.getString(14), STRINGS),
        read(row.getString(15), STRINGS),
        read(row.getString(16), Progress.class),
        tree(row.getString(17)),
        tree(row.getString(18)),
        read(row.getString(19), ERRORS),
        row.getString(20),
        instant(row, 21),
        instant(row, 22),
        instant(row, 23),
        instant(row, 24),
        instant(row, 25),
        read(row.getString(26), RetryBackoff.class),
        read(row.getString(27), DependencyRule.class),
        row.getDouble(28));
  }

  /** Reads every row of a result set selected with {@link #COLUMNS}. */
  static List<Job> jobs(ResultSet rows) throws SQLException {
    List<Job> jobs = new ArrayList<>();
    while (rows.next()) {
      jobs.add(job(rows));
    }
    return jobs;
  }

  /**
   * Binds the columns of a new job to {@link #INSERT}, after the first {@code offset} parameters,
   * its payload as the text given (written once, before the write task).
   *
   * @throws IllegalArgumentException for a job that has what only an attempt gives (progress, a
   *     checkpoint, a result, errors, a worker, a lease, a start or an end), which the insert would
   *     leave out
   */
  static void bindInsert(PreparedStatement insert, int offset, Job job, String payloadText)
      throws SQLException {
    if (job.progress() != null
        || job.checkpoint() != null
        || job.result() != null
        || !job.errors().isEmpty()
        || job.workerId() != null
        || job.leaseUntil() != null
        || job.startedAt() != null
        || job.finishedAt() != null) {
      throw new IllegalArgumentException("job " + job.id() + " is not new: it has been run");
    }
    StatementCache.bindAt(
        insert,
        offset,
        job.id(),
        job.type(),
        job.queue(),
        job.priority().rank(),
        job.tenantId(),
        job.ownerId(),
        payloadText,
        job.state().wireName(),
        job.attempt(),
        job.maxAttempts(),
        millis(job.runAt()),
        job.timeoutSeconds(),
        job.idempotencyKey(),
        job.dependsOn().isEmpty() ? null : text(job.dependsOn()),
        job.tags().isEmpty() ? null : text(job.tags()),
        millis(job.createdAt()),
        millis(job.updatedAt()),
        text(job.retryBackoff()),
        text(job.rule()),
        job.cost());
  }

  /**
   * Binds an event to the {@link #EVENT_COLUMNS} parameters that follow the first {@code offset}
   * ones of an insert into {@code job_events} (a multi-row insert binds each row after the ones
   * before it).
   */
  static void bindEvent(PreparedStatement insert, int offset, JobEvent event) throws SQLException {
    insert.setString(offset + 1, event.jobId());
    insert.setString(offset + 2, event.from() == null ? null : event.from().wireName());
    insert.setString(offset + 3, event.to().wireName());
    insert.setInt(offset + 4, event.attempt());
    insert.setString(offset + 5, event.workerId());
    insert.setString(offset + 6, event.actor());
    insert.setString(offset + 7, event.reason());
    insert.setLong(offset + 8, event.at().toEpochMilli());
    insert.setString(offset + 9, event.transition() == null ? null : event.transition().wireName());
  }

  /** Reads an event selected with {@link #EVENT_COLUMNS}. */
  static JobEvent event(ResultSet row) throws SQLException {
    String from = row.getString(2);
    return new JobEvent(
        row.getString(1),
        from == null ? null : JobState.parse(from),
        JobState.parse(row.getString(3)),
        row.getInt(4),
        row.getString(5),
        row.getString(6),
        row.getString(7),
        instant(row, 8),
        row.getString(9) == null ? null : Transition.parse(row.getString(9)));
  }

  static Long millis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  /** Any value as JSON text; null stays null. */
  static String text(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  static JsonNode tree(String text) {
    if (text == null) {
      return null;
    }
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new SqliteStoreException("stored JSON is unreadable", e);
    }
  }

  private static <T> T read(String text, Class<T> type) {
    if (text == null) {
      return null;
    }
    try {
      return JSON.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new SqliteStoreException("stored " + type.getSimpleName() + " is unreadable", e);
    }
  }

  private static <T> T read(String text, TypeReference<T> type) {
    if (text == null) {
      return null;
    }
    try {
      return JSON.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new SqliteStoreException("stored JSON list is unreadable", e);
    }
  }

  private static Instant instant(ResultSet row, int column) throws SQLException {
    long millis = row.getLong(column);
    return row.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  /** A nullable INTEGER column. */
  static Integer integer(ResultSet row, int column) throws SQLException {
    int value = row.getInt(column);
    return row.wasNull() ? null : value;
  }
}
