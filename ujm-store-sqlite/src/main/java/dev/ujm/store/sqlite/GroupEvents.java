package dev.ujm.store.sqlite;

import dev.ujm.core.model.JobEvent;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit events of one group commit's tasks, written together just before the commit: a
 * completion's one event then costs a row of a 32-row insert instead of a statement of its own.
 * Only the events of tasks that succeeded are kept, so what reaches the file is what writing each
 * task's events inside its own savepoint would have written, in the same order.
 *
 * <p>A task that reads {@code job_events} (a rearm looks at a job's last event, a purge keeps the
 * trail) must see the events of the tasks before it: {@link WriteTransaction} writes the kept ones
 * first ({@link #writeBefore}). Those rows are then inside the reading task's savepoint; if that
 * task fails, its rollback takes them out again and {@link #taskFailed} keeps them for a later
 * write. Used by the writer thread only; not thread-safe.
 */
final class GroupEvents {
  private static final String INSERT_EVENTS =
      "INSERT INTO job_events (" + JobRows.EVENT_COLUMNS + ") VALUES ";
  private static final int EVENT_PARAMETERS = 9;

  private final List<JobEvent> kept = new ArrayList<>();
  private final List<JobEvent> writtenInTask = new ArrayList<>();

  /** Keeps the events of a task that succeeded, for the write before the commit. */
  void taskSucceeded(List<JobEvent> events) {
    writtenInTask.clear();
    kept.addAll(events);
  }

  /**
   * The task's savepoint was rolled back: the kept events it wrote are no longer in the file and
   * wait for the next write again, ahead of those kept since.
   */
  void taskFailed() {
    kept.addAll(0, writtenInTask);
    writtenInTask.clear();
  }

  /** Writes the kept events, as a task about to read {@code job_events} needs them written. */
  void writeBefore(WriteTransaction tx) throws SQLException {
    if (kept.isEmpty()) {
      return;
    }
    tx.insertRows(INSERT_EVENTS, EVENT_PARAMETERS, kept, JobRows::bindEvent);
    writtenInTask.addAll(kept);
    kept.clear();
  }

  /** Writes the kept events before the group commits. */
  void writeBeforeCommit(WriteTransaction tx) throws SQLException {
    writeBefore(tx);
    writtenInTask.clear();
  }

  /** The group failed or committed: nothing is kept for the next one. */
  void clear() {
    kept.clear();
    writtenInTask.clear();
  }
}
