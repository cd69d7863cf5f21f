package dev.ujm.store.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.MoveArgs;
import dev.ujm.core.model.Transition;
import dev.ujm.core.workflow.BatchSummary;
import dev.ujm.core.workflow.Readiness;
import dev.ujm.core.workflow.Readiness.ParentCounts;
import dev.ujm.core.workflow.Readiness.Verdict;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dependents that carry a rule ({@code runWhen}, {@code runIf}, a batch callback), judged one
 * by one by {@link Readiness} in Java, then moved by one guarded statement each (state repeated in
 * the {@code WHERE}, so the move is made only from the state it was judged in). Runs on the writer
 * thread inside the write task of the change that ended the parent. Stateless.
 */
final class RuleDependents {
  private static final String RETURNING = " RETURNING " + JobRows.COLUMNS;

  static final String WAITING_WITH_RULE =
      "SELECT "
          + JobRows.COLUMNS
          + " FROM jobs WHERE "
          + MoveSql.startsFrom(Transition.RELEASE_DEPENDENT)
          + " AND rule IS NOT NULL AND id IN (SELECT job_id FROM job_dependencies WHERE depends_on = ?)";

  static final String REARMABLE_WITH_RULE =
      "SELECT "
          + JobRows.COLUMNS
          + " FROM jobs WHERE "
          + MoveSql.startsFrom(Transition.REARM_DEPENDENT)
          + " AND rule IS NOT NULL AND id IN (SELECT job_id FROM job_dependencies WHERE depends_on = ?)"
          + " AND (SELECT transition FROM job_events e WHERE e.job_id = jobs.id"
          + "   ORDER BY seq DESC LIMIT 1) IN ('cancel-dependent', 'cancel-condition')";

  /** Each dependency's state; NULL for one that no longer exists (purged after completing). */
  static final String PARENT_STATES =
      "SELECT p.state FROM job_dependencies d LEFT JOIN jobs p ON p.id = d.depends_on WHERE d.job_id = ?";

  static final String PARENTS =
      "SELECT "
          + JobRows.COLUMNS
          + " FROM jobs WHERE id IN (SELECT depends_on FROM job_dependencies WHERE job_id = ?)";

  static final String REFS = "SELECT job_id, ref FROM workflow_jobs WHERE workflow_id = ?";

  private static final String WAITING_FENCE =
      " WHERE id = ? AND " + MoveSql.startsFrom(Transition.RELEASE_DEPENDENT) + RETURNING;

  static final String CANCEL =
      "UPDATE jobs SET state = 'cancelled', finished_at = ?, updated_at = ?" + WAITING_FENCE;
  static final String RELEASE = "UPDATE jobs SET state = ?, updated_at = ?" + WAITING_FENCE;
  static final String RELEASE_WITH_PAYLOAD =
      "UPDATE jobs SET state = 'queued', payload = ?, updated_at = ?" + WAITING_FENCE;
  static final String REARM =
      "UPDATE jobs SET state = 'waiting', finished_at = NULL, updated_at = ?"
          + " WHERE id = ? AND "
          + MoveSql.startsFrom(Transition.REARM_DEPENDENT)
          + RETURNING;

  private RuleDependents() {}

  /**
   * Judges the waiting dependents with a rule of a job that just ended in {@code causeState};
   * returns the ones it cancelled, whose own dependents the caller follows.
   */
  static List<Job> settle(WriteTransaction tx, String causeId, JobState causeState)
      throws SQLException {
    List<Job> cancelled = new ArrayList<>();
    for (Job dependent : tx.jobs(WAITING_WITH_RULE, causeId)) {
      Job after = settleOne(tx, dependent, causeId, causeState);
      if (after.state() == JobState.CANCELLED) {
        cancelled.add(after);
      }
    }
    return cancelled;
  }

  /**
   * Judges one waiting job by its rule and its parents now: leaves it, releases it by the move its
   * rule names, or cancels it naming the cause (null at submit: the first parent that stopped).
   */
  static Job settleOne(WriteTransaction tx, Job dependent, String causeId, JobState causeState)
      throws SQLException {
    Verdict verdict =
        Readiness.judge(dependent.rule(), ParentCounts.of(parentStates(tx, dependent.id())));
    if (verdict == Verdict.WAIT) {
      return dependent;
    }
    if (verdict == Verdict.NEVER) {
      String why = "dependency " + causeId + " " + causeState.wireName();
      Job after = tx.jobs(CANCEL, tx.nowMillis(), tx.nowMillis(), dependent.id()).get(0);
      tx.changed(
          after, Transition.CANCEL_DEPENDENT, JobState.WAITING, null, MoveArgs.by(null, why));
      return after;
    }
    List<Job> parents =
        Readiness.needsParents(dependent.rule()) ? parents(tx, dependent) : List.of();
    if (!Readiness.conditionHolds(dependent.rule(), parents)) {
      Job after = tx.jobs(CANCEL, tx.nowMillis(), tx.nowMillis(), dependent.id()).get(0);
      tx.changed(after, Transition.CANCEL_CONDITION, JobState.WAITING, null);
      return after;
    }
    Transition release =
        Readiness.releaseMove(dependent.rule(), verdict, dependent.runAt(), tx.now());
    Job after;
    if (release == Transition.RELEASE_CALLBACK) {
      String batch = dependent.rule().callbackOf();
      JsonNode payload =
          BatchSummary.withSummary(
              dependent.payload(), BatchSummary.of(batch, parents, refs(tx, batch)));
      after =
          tx.jobs(RELEASE_WITH_PAYLOAD, JobRows.text(payload), tx.nowMillis(), dependent.id())
              .get(0);
    } else {
      after = tx.jobs(RELEASE, release.to().wireName(), tx.nowMillis(), dependent.id()).get(0);
    }
    tx.changed(after, release, JobState.WAITING, null);
    return after;
  }

  /**
   * Re-arms the cancelled dependents with a rule that a retried job's outcome had cancelled and
   * whose rule can still be met; returns them.
   */
  static List<Job> rearm(WriteTransaction tx, Job retried) throws SQLException {
    List<Job> rearmed = new ArrayList<>();
    MoveArgs why = MoveArgs.by(null, "dependency " + retried.id() + " retried");
    for (Job dependent : tx.jobs(REARMABLE_WITH_RULE, retried.id())) {
      Verdict verdict =
          Readiness.judge(dependent.rule(), ParentCounts.of(parentStates(tx, dependent.id())));
      if (verdict == Verdict.NEVER) {
        continue;
      }
      Job after = tx.jobs(REARM, tx.nowMillis(), dependent.id()).get(0);
      tx.changed(after, Transition.REARM_DEPENDENT, JobState.CANCELLED, null, why);
      rearmed.add(after);
    }
    return rearmed;
  }

  /** The state of each dependency of a job; null for one that no longer exists. */
  static List<JobState> parentStates(WriteTransaction tx, String jobId) throws SQLException {
    List<JobState> states = new ArrayList<>();
    try (ResultSet rows = StatementCache.bind(tx.prepare(PARENT_STATES), jobId).executeQuery()) {
      while (rows.next()) {
        String state = rows.getString(1);
        states.add(state == null ? null : JobState.parse(state));
      }
    }
    return states;
  }

  /** The dependencies of a job that still exist, in the order it names them. */
  private static List<Job> parents(WriteTransaction tx, Job dependent) throws SQLException {
    Map<String, Job> byId = new HashMap<>();
    for (Job parent : tx.jobs(PARENTS, dependent.id())) {
      byId.put(parent.id(), parent);
    }
    List<Job> ordered = new ArrayList<>();
    for (String id : dependent.dependsOn()) {
      Job parent = byId.remove(id);
      if (parent != null) {
        ordered.add(parent);
      }
    }
    return ordered;
  }

  private static Map<String, String> refs(WriteTransaction tx, String workflowId)
      throws SQLException {
    Map<String, String> refs = new HashMap<>();
    try (ResultSet rows = StatementCache.bind(tx.prepare(REFS), workflowId).executeQuery()) {
      while (rows.next()) {
        refs.put(rows.getString(1), rows.getString(2));
      }
    }
    return refs;
  }
}
