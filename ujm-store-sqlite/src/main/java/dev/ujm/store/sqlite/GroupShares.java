package dev.ujm.store.sqlite;

import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.JobUpdate;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one group commit changes in {@code fair_shares} (each queue's and tenant's pass and queued
 * count, see {@link FairShares}): the writer sums the moves into and out of {@code queued} of its
 * tasks and writes one row change per (queue, tenant) touched, instead of a trigger's upsert per
 * job.
 *
 * <p>The figures stay exactly what a change per job, in the order of the jobs, would leave:
 *
 * <ul>
 *   <li>Changes are kept in <em>phases</em> of one direction (jobs entering {@code queued}, or
 *       leaving it), in the order they came, and written phase by phase. Within a phase the order
 *       does not matter: leaving only counts down; a tenant that enters with no work joins at the
 *       queue's virtual time (the lowest pass among tenants with work, or the highest pass when
 *       none has any), and another tenant's entering cannot change that time.
 *   <li>A statement that reads {@code fair_shares} (a claim reading the turns) or deletes jobs (a
 *       trigger counts queued jobs down as they go) gets everything kept written first, the earlier
 *       tasks' changes and its own task's so far ({@link #writeBefore}), as {@link GroupEvents}
 *       does for {@code job_events}. If that task then fails, its savepoint takes the rows out
 *       again and the earlier tasks' changes are kept for a later write ({@link #taskFailed}).
 *   <li>A claim counts its own jobs out of the queue in the statement that moves the passes ({@link
 *       FairShares#CHARGE}), right after the turns it read: nothing of it is left to write.
 *   <li>A failed task's own changes are never kept, as they were never made.
 * </ul>
 *
 * Used by the writer thread only; not thread-safe.
 */
final class GroupShares {
  /** Where a tenant joins a queue's turns: {@link FairShares#VIRTUAL_TIME} for the queue ?1. */
  static final String ENTER =
      "INSERT INTO fair_shares (queue, tenant, pass, queued) VALUES (?1, ?2,"
          + " ifnull((SELECT min(pass) FROM fair_shares WHERE queue = ?1 AND queued > 0),"
          + " (SELECT ifnull(max(pass), 0) FROM fair_shares WHERE queue = ?1)), ?3)"
          + " ON CONFLICT (queue, tenant) DO UPDATE SET"
          + " pass = CASE WHEN queued = 0 THEN max(pass, excluded.pass) ELSE pass END,"
          + " queued = queued + excluded.queued";

  static final String LEAVE =
      "UPDATE fair_shares SET queued = queued - ?3 WHERE queue = ?1 AND tenant = ?2";

  private record Share(String queue, String tenant) {}

  /** Jobs entering (or leaving) {@code queued}, per queue and tenant, in the order first seen. */
  private record Phase(boolean entering, Map<Share, Integer> jobs) {}

  private final List<Phase> kept = new ArrayList<>();
  private final List<Phase> writtenInTask = new ArrayList<>();

  /** Keeps the changes of a task that succeeded (those it had not written already). */
  void taskSucceeded(WriteTransaction tx) {
    writtenInTask.clear();
    addUnwritten(tx, kept);
  }

  /**
   * The task's savepoint was rolled back: the kept changes it wrote are no longer in the file and
   * wait for the next write again, ahead of those kept since.
   */
  void taskFailed() {
    kept.addAll(0, writtenInTask);
    writtenInTask.clear();
  }

  /**
   * Writes the kept changes and those the running task made so far, as a statement about to read
   * {@code fair_shares} needs them.
   */
  void writeBefore(WriteTransaction tx) throws SQLException {
    List<Phase> own = new ArrayList<>();
    addUnwritten(tx, own);
    if (kept.isEmpty() && own.isEmpty()) {
      return;
    }
    write(tx, kept);
    writtenInTask.addAll(kept);
    kept.clear();
    write(tx, own); // the task's own: undone with it, never to be kept
  }

  /** Writes the kept changes before the group commits. */
  void writeBeforeCommit(WriteTransaction tx) throws SQLException {
    write(tx, kept);
    kept.clear();
    writtenInTask.clear();
  }

  /** The group failed or committed: nothing is kept for the next one. */
  void clear() {
    kept.clear();
    writtenInTask.clear();
  }

  private static void addUnwritten(WriteTransaction tx, List<Phase> phases) {
    List<JobUpdate> updates = tx.updates();
    for (int i = tx.sharesWritten(); i < updates.size(); i++) {
      JobUpdate update = updates.get(i);
      JobEvent event = update.transition();
      if (event == null) {
        continue; // a progress report
      }
      boolean wasQueued = event.from() == JobState.QUEUED;
      boolean isQueued = event.to() == JobState.QUEUED;
      if (wasQueued != isQueued) {
        Share share = new Share(update.job().queue(), UsageRows.tenantKey(update.job().tenantId()));
        Phase last = phases.isEmpty() ? null : phases.get(phases.size() - 1);
        if (last == null || last.entering() != isQueued) {
          last = new Phase(isQueued, new LinkedHashMap<>());
          phases.add(last);
        }
        last.jobs().merge(share, 1, Integer::sum);
      }
    }
    tx.sharesWritten(updates.size());
  }

  private static void write(WriteTransaction tx, List<Phase> phases) throws SQLException {
    for (Phase phase : phases) {
      for (Map.Entry<Share, Integer> change : phase.jobs().entrySet()) {
        Share share = change.getKey();
        tx.writeDeferred(
            phase.entering() ? ENTER : LEAVE, share.queue(), share.tenant(), change.getValue());
      }
    }
  }
}
