package dev.ujm.store.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.PurgedJob;
import dev.ujm.core.model.Transition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The audit trails kept of purged jobs, in {@code purged_jobs}: one row per job with whom it
 * belonged to, how it ended, and its events as one compact JSON array of arrays {@code [from, to,
 * attempt, workerId, actor, reason, atMillis, transition]}, oldest first. A job's three to ten
 * events take one row of a few hundred bytes instead of as many rows of {@code job_events} and
 * their index entries. The rows are written by the purge in the same step that deletes the job
 * ({@link DutyWrites}), read by {@code history}, and deleted by the audit retention. Stateless.
 */
final class PurgedTrails {
  /** The ids of a purge step, bound as one JSON array: one statement handles the whole step. */
  static final String IDS = "(SELECT value FROM json_each(?))";

  /**
   * Copies the jobs named by the ids (parameter 2) with their events into {@code purged_jobs},
   * purged at parameter 1.
   */
  static final String KEEP =
      "INSERT INTO purged_jobs (id, type, tenant_id, owner_id, state, created_at, finished_at,"
          + " purged_at, events)"
          + " SELECT j.id, j.type, j.tenant_id, j.owner_id, j.state, j.created_at, j.finished_at, ?,"
          + "   (SELECT json_group_array(json_array(e.from_state, e.to_state, e.attempt, e.worker_id,"
          + "      e.actor, e.reason, e.at, e.transition) ORDER BY e.seq)"
          + "    FROM job_events e WHERE e.job_id = j.id)"
          + " FROM jobs j WHERE j.id IN "
          + IDS;

  static final String DELETE_DUE =
      "DELETE FROM purged_jobs WHERE id IN (SELECT id FROM purged_jobs INDEXED BY purged_jobs_finished"
          + " WHERE finished_at < ? ORDER BY finished_at LIMIT ?)";

  private static final String COLUMNS =
      "id, type, tenant_id, owner_id, state, created_at, finished_at, purged_at";
  static final String BY_ID = "SELECT " + COLUMNS + " FROM purged_jobs WHERE id = ?";
  static final String EVENTS = "SELECT events FROM purged_jobs WHERE id = ?";

  private PurgedTrails() {}

  /** Deletes the kept trails of jobs that finished before the instant; returns how many. */
  static int deleteDue(WriteTransaction tx, long finishedBeforeMillis, int limit)
      throws SQLException {
    return tx.update(DELETE_DUE, finishedBeforeMillis, limit);
  }

  static Optional<PurgedJob> find(StatementCache db, String jobId) throws SQLException {
    try (ResultSet row = StatementCache.bind(db.prepare(BY_ID), jobId).executeQuery()) {
      if (!row.next()) {
        return Optional.empty();
      }
      return Optional.of(
          new PurgedJob(
              row.getString(1),
              row.getString(2),
              row.getString(3),
              row.getString(4),
              JobState.parse(row.getString(5)),
              Instant.ofEpochMilli(row.getLong(6)),
              Instant.ofEpochMilli(row.getLong(7)),
              Instant.ofEpochMilli(row.getLong(8))));
    }
  }

  /** The kept trail of a purged job, oldest first; empty when none is kept. */
  static Optional<List<JobEvent>> events(StatementCache db, String jobId) throws SQLException {
    try (ResultSet row = StatementCache.bind(db.prepare(EVENTS), jobId).executeQuery()) {
      if (!row.next()) {
        return Optional.empty();
      }
      List<JobEvent> events = new ArrayList<>();
      for (JsonNode event : JobRows.tree(row.getString(1))) {
        events.add(event(jobId, event));
      }
      return Optional.of(events);
    }
  }

  private static JobEvent event(String jobId, JsonNode e) {
    return new JobEvent(
        jobId,
        e.get(0).isNull() ? null : JobState.parse(e.get(0).asText()),
        JobState.parse(e.get(1).asText()),
        e.get(2).asInt(),
        text(e.get(3)),
        text(e.get(4)),
        text(e.get(5)),
        Instant.ofEpochMilli(e.get(6).asLong()),
        e.size() > 7 && !e.get(7).isNull() ? Transition.parse(e.get(7).asText()) : null);
  }

  private static String text(JsonNode value) {
    return value.isNull() ? null : value.asText();
  }
}
