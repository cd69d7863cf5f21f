package dev.ujm.store.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobIds;
import dev.ujm.core.model.JobNotFoundException;
import dev.ujm.core.model.JobState;
import dev.ujm.core.store.JobQuery;
import dev.ujm.core.store.Page;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reads of the store: one job, several jobs, filtered pages of jobs (newest first, by id
 * cursor), a job's audit trail (kept after the job was purged) and its result items. Each runs on a
 * borrowed read connection and sees the last committed state. Stateless.
 */
final class JobReads {
  private static final String BY_ID = "SELECT " + JobRows.COLUMNS + " FROM jobs WHERE id = ?";
  private static final String EXISTS = "SELECT 1 FROM jobs WHERE id = ?";
  static final String HISTORY =
      "SELECT " + JobRows.EVENT_COLUMNS + " FROM job_events WHERE job_id = ? ORDER BY seq";
  static final String RESULTS =
      "SELECT seq, item FROM job_results WHERE job_id = ? AND seq > ? ORDER BY seq LIMIT ?";
  private static final int IN_CHUNK = 500;

  private JobReads() {}

  static Optional<Job> get(StatementCache db, String jobId) throws SQLException {
    try (ResultSet row = StatementCache.bind(db.prepare(BY_ID), jobId).executeQuery()) {
      return row.next() ? Optional.of(JobRows.job(row)) : Optional.empty();
    }
  }

  static List<Job> getAll(StatementCache db, Collection<String> jobIds) throws SQLException {
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(jobIds));
    Map<String, Job> found = new HashMap<>();
    for (int from = 0; from < distinct.size(); from += IN_CHUNK) {
      List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + IN_CHUNK));
      String sql =
          "SELECT "
              + JobRows.COLUMNS
              + " FROM jobs WHERE id IN ("
              + placeholders(chunk.size())
              + ")";
      // Chunks of other sizes than the full one are rare; preparing them uncached keeps the cache
      // small.
      try (PreparedStatement select = db.connection().prepareStatement(sql)) {
        try (ResultSet rows = StatementCache.bind(select, chunk.toArray()).executeQuery()) {
          JobRows.jobs(rows).forEach(job -> found.put(job.id(), job));
        }
      }
    }
    List<Job> ordered = new ArrayList<>();
    for (String id : jobIds) {
      Job job = found.get(id);
      if (job != null) {
        ordered.add(job);
      }
    }
    return ordered;
  }

  /**
   * One page of matching jobs, newest first; the cursor is the id of the last job of the previous
   * page.
   *
   * @throws IllegalArgumentException for a cursor that is not a job id, so not one a page gave out
   */
  static Page<Job> find(StatementCache db, JobQuery query) throws SQLException {
    if (query.cursor() != null && !JobIds.isWellFormed(query.cursor())) {
      throw new IllegalArgumentException("bad cursor '" + query.cursor() + "'");
    }
    StringBuilder sql =
        new StringBuilder("SELECT ").append(JobRows.COLUMNS).append(" FROM jobs WHERE 1 = 1");
    List<Object> parameters = new ArrayList<>();
    if (!query.states().isEmpty()) {
      List<JobState> states =
          query.states().stream().sorted().toList(); // stable SQL text for the statement cache
      sql.append(" AND state IN (").append(placeholders(states.size())).append(')');
      states.forEach(state -> parameters.add(state.wireName()));
    }
    filter(sql, parameters, " AND type = ?", query.type());
    filter(sql, parameters, " AND queue = ?", query.queue());
    filter(sql, parameters, " AND tenant_id = ?", query.tenantId());
    filter(sql, parameters, " AND owner_id = ?", query.ownerId());
    filter(sql, parameters, " AND id IN (SELECT job_id FROM job_tags WHERE tag = ?)", query.tag());
    filter(sql, parameters, " AND created_at >= ?", JobRows.millis(query.createdFrom()));
    filter(sql, parameters, " AND created_at < ?", JobRows.millis(query.createdBefore()));
    filter(sql, parameters, " AND id < ?", query.cursor());
    sql.append(" ORDER BY id DESC LIMIT ?");
    parameters.add(query.limit() + 1);
    List<Job> jobs;
    try (ResultSet rows =
        StatementCache.bind(db.prepare(sql.toString()), parameters.toArray()).executeQuery()) {
      jobs = JobRows.jobs(rows);
    }
    if (jobs.size() <= query.limit()) {
      return new Page<>(jobs, null);
    }
    List<Job> page = jobs.subList(0, query.limit());
    return new Page<>(page, page.get(page.size() - 1).id());
  }

  /** The audit trail of a job, oldest first; of a purged job, the trail kept of it. */
  static List<JobEvent> history(StatementCache db, String jobId) throws SQLException {
    if (!exists(db, jobId)) {
      return PurgedTrails.events(db, jobId).orElseThrow(() -> new JobNotFoundException(jobId));
    }
    List<JobEvent> events = new ArrayList<>();
    try (ResultSet rows = StatementCache.bind(db.prepare(HISTORY), jobId).executeQuery()) {
      while (rows.next()) {
        events.add(JobRows.event(rows));
      }
    }
    return events;
  }

  /**
   * Result items in the order appended, a page at a time by key: the cursor is the row number of
   * the page's last item, so a page costs the same however deep into a crawl's pages it is.
   */
  static Page<JsonNode> results(StatementCache db, String jobId, String cursor, int limit)
      throws SQLException {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be 1 to 1000, not " + limit);
    }
    long after = rowAfter(cursor);
    requireJob(db, jobId);
    List<JsonNode> items = new ArrayList<>();
    long last = after;
    boolean more = false;
    try (ResultSet rows =
        StatementCache.bind(db.prepare(RESULTS), jobId, after, limit + 1).executeQuery()) {
      while (rows.next()) {
        if (items.size() == limit) {
          more = true;
          break;
        }
        last = rows.getLong(1);
        items.add(JobRows.tree(rows.getString(2)));
      }
    }
    return new Page<>(items, more ? Long.toString(last) : null);
  }

  private static long rowAfter(String cursor) {
    if (cursor == null) {
      return 0;
    }
    try {
      long row = Long.parseLong(cursor);
      if (row >= 0) {
        return row;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("bad cursor '" + cursor + "'");
  }

  private static void requireJob(StatementCache db, String jobId) throws SQLException {
    if (!exists(db, jobId)) {
      throw new JobNotFoundException(jobId);
    }
  }

  private static boolean exists(StatementCache db, String jobId) throws SQLException {
    try (ResultSet row = StatementCache.bind(db.prepare(EXISTS), jobId).executeQuery()) {
      return row.next();
    }
  }

  private static void filter(
      StringBuilder sql, List<Object> parameters, String clause, Object value) {
    if (value != null) {
      sql.append(clause);
      parameters.add(value);
    }
  }

  static String placeholders(int count) {
    return String.join(", ", Collections.nCopies(count, "?"));
  }
}
