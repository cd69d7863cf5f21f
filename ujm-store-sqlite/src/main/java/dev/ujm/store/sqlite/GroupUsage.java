package dev.ujm.store.sqlite;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.JobUpdate;
import dev.ujm.core.model.Transition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one group commit adds to {@code tenant_usage} (the metered usage per tenant, UTC day and job
 * type, see {@link UsageRows}): the sums of its successful tasks' submits and ends of attempts,
 * written as one row change per row touched just before the commit, instead of a trigger's upsert
 * per job. Usage is only ever added to and never read by a write, so summing changes nothing but
 * the number of statements.
 *
 * <p>An attempt's running time runs from its claim, which also sets {@code attempt_started_at}; the
 * claims this writer committed are remembered (at most {@link #REMEMBERED} of them, the oldest
 * forgotten first), and an attempt whose claim is not remembered (claimed before a restart) reads
 * the column back. Used by the writer thread only; not thread-safe.
 */
final class GroupUsage {
  static final int REMEMBERED = LeasedJobs.CAPACITY;

  private static final String ATTEMPT_STARTED = "SELECT attempt_started_at FROM jobs WHERE id = ?";

  private record Row(String tenant, String day, String type) {}

  /** The sums one group adds to a row. */
  private static final class Sums {
    long submitted;
    long attempts;
    long completed;
    long failed;
    long runningMillis;
    double cost;
    long resultBytes;

    void add(Sums other) {
      submitted += other.submitted;
      attempts += other.attempts;
      completed += other.completed;
      failed += other.failed;
      runningMillis += other.runningMillis;
      cost += other.cost;
      resultBytes += other.resultBytes;
    }
  }

  /** Usage one task adds, kept until the task's savepoint is released. */
  static final class TaskUsage {
    private final Map<Row, Sums> rows = new HashMap<>();

    private Sums row(Job job, Instant at) {
      String day = LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
      return rows.computeIfAbsent(
          new Row(UsageRows.tenantKey(job.tenantId()), day, job.type()), row -> new Sums());
    }
  }

  /** The start of an attempt, as its claim set it. */
  private record Started(int attempt, long atMillis) {}

  private final Map<Row, Sums> kept = new HashMap<>();
  private final Map<String, Started> attemptStarts =
      new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Started> eldest) {
          return size() > REMEMBERED;
        }
      };

  /**
   * Counts what the task's changes add, inside its savepoint (an attempt whose claim is not
   * remembered reads when it started).
   */
  TaskUsage count(WriteTransaction tx) throws SQLException {
    TaskUsage usage = new TaskUsage();
    for (JobUpdate update : tx.updates()) {
      JobEvent event = update.transition();
      if (event == null) {
        continue; // a progress report
      }
      Job job = update.job();
      if (event.from() == null) {
        usage.row(job, job.createdAt()).submitted++;
      } else if (event.to() == JobState.PROCESSING && event.from() != JobState.PROCESSING) {
        attemptStarts.put(job.id(), new Started(job.attempt(), job.updatedAt().toEpochMilli()));
      } else if (event.from() == JobState.PROCESSING && event.to() != JobState.PROCESSING) {
        attemptEnded(tx, usage, job, event.transition());
      }
    }
    return usage;
  }

  private void attemptEnded(WriteTransaction tx, TaskUsage usage, Job job, Transition move)
      throws SQLException {
    boolean givenBack = move == Transition.RELEASE || move == Transition.REQUEUE_HELD;
    long now = job.updatedAt().toEpochMilli();
    Started started = attemptStarts.remove(job.id());
    Long startedAt =
        started != null && started.attempt() == job.attempt() + (givenBack ? 1 : 0)
            ? Long.valueOf(started.atMillis())
            : readAttemptStart(tx, job.id());
    Sums sums = usage.row(job, job.updatedAt());
    sums.runningMillis += startedAt == null ? 0 : now - startedAt;
    if (!givenBack) {
      sums.attempts++;
      sums.cost += job.cost();
    }
    if (job.state() == JobState.COMPLETED) {
      sums.completed++;
      int stored = tx.storedResultBytes(job.id());
      if (stored >= 0) {
        sums.resultBytes += stored;
      } else {
        String result = JobRows.text(job.result());
        sums.resultBytes += result == null ? 0 : result.getBytes(UTF_8).length;
      }
    } else if (job.state() == JobState.FAILED) {
      sums.failed++;
    }
  }

  private static Long readAttemptStart(WriteTransaction tx, String jobId) throws SQLException {
    try (ResultSet row = StatementCache.bind(tx.prepare(ATTEMPT_STARTED), jobId).executeQuery()) {
      if (!row.next()) {
        return null;
      }
      long at = row.getLong(1);
      return row.wasNull() ? null : at;
    }
  }

  /** Keeps what a task that succeeded adds, for the write before the commit. */
  void taskSucceeded(TaskUsage usage) {
    usage.rows.forEach((row, sums) -> kept.computeIfAbsent(row, r -> new Sums()).add(sums));
  }

  /** Writes the group's sums; the writer calls it just before the commit. */
  void writeBeforeCommit(WriteTransaction tx) throws SQLException {
    for (Map.Entry<Row, Sums> entry : kept.entrySet()) {
      Row row = entry.getKey();
      Sums sums = entry.getValue();
      tx.writeDeferred(
          UsageRows.ADD,
          row.tenant(),
          row.day(),
          row.type(),
          sums.submitted,
          sums.attempts,
          sums.completed,
          sums.failed,
          sums.runningMillis,
          sums.cost,
          sums.resultBytes);
    }
    kept.clear();
  }

  /**
   * The group failed: none of its sums are kept, and the claims remembered may be undone (an
   * attempt whose claim is forgotten reads its start back).
   */
  void clear() {
    kept.clear();
    attemptStarts.clear();
  }
}
