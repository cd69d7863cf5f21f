package dev.ujm.store.sqlite;

import dev.ujm.core.model.JobState;
import dev.ujm.core.store.StoreStats;
import dev.ujm.core.store.StoreStats.QueueStats;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts per queue and state, and the age of each queue's oldest queued job, measured from when it
 * entered the queue (its {@code updated_at}: nothing changes a queued job but a move). The counts
 * come from {@code job_counts}, kept in every write's transaction ({@link GroupCounts}, and a
 * trigger for deletes): reading them costs one row per tenant, queue and state, however many jobs
 * there are. The oldest queued job is read from the claim index of queued jobs alone; the planner,
 * without table statistics, would pick the state index, so it is named. Stateless.
 */
final class StatsReads {
  static final String COUNTS =
      "SELECT queue, state, sum(n) FROM job_counts GROUP BY queue, state HAVING sum(n) > 0";
  static final String OLDEST_QUEUED =
      "SELECT queue, min(updated_at) FROM jobs INDEXED BY jobs_claim_by_tenant WHERE state = 'queued' GROUP BY queue";
  static final String TENANT_COUNTS =
      "SELECT queue, state, n FROM job_counts WHERE tenant = ? AND n > 0";
  static final String TENANT_OLDEST_QUEUED =
      "SELECT queue, min(updated_at) FROM jobs INDEXED BY jobs_by_tenant"
          + " WHERE tenant_id = ? AND state = 'queued' GROUP BY queue";

  private StatsReads() {}

  /** The stats as of {@code now}, queues in name order; of one tenant's jobs unless it is null. */
  static StoreStats stats(StatementCache db, String tenantId, Instant now) throws SQLException {
    Map<String, Map<JobState, Long>> counts = new TreeMap<>();
    try (ResultSet rows = query(db, COUNTS, TENANT_COUNTS, tenantId)) {
      while (rows.next()) {
        counts
            .computeIfAbsent(rows.getString(1), queue -> new EnumMap<>(JobState.class))
            .put(JobState.parse(rows.getString(2)), rows.getLong(3));
      }
    }
    Map<String, Long> oldest = new HashMap<>();
    try (ResultSet rows = query(db, OLDEST_QUEUED, TENANT_OLDEST_QUEUED, tenantId)) {
      while (rows.next()) {
        oldest.put(rows.getString(1), rows.getLong(2));
      }
    }
    List<QueueStats> queues = new ArrayList<>();
    counts.forEach(
        (queue, perState) -> {
          Long since = oldest.get(queue);
          Long age =
              since == null
                  ? null
                  : Math.max(0, Duration.between(Instant.ofEpochMilli(since), now).toSeconds());
          queues.add(new QueueStats(queue, Map.copyOf(perState), age));
        });
    return new StoreStats(queues);
  }

  private static ResultSet query(StatementCache db, String all, String ofTenant, String tenantId)
      throws SQLException {
    return tenantId == null
        ? db.prepare(all).executeQuery()
        : StatementCache.bind(db.prepare(ofTenant), tenantId).executeQuery();
  }
}
