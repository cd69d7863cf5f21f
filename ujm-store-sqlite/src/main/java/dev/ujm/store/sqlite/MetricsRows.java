package dev.ujm.store.sqlite;

import dev.ujm.core.analytics.LatencyBuckets;
import dev.ujm.core.analytics.MetricsFigures;
import dev.ujm.core.analytics.MetricsKey;
import dev.ujm.core.analytics.MetricsStep;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The {@code job_metrics} table (schema step 11): one row per step, bucket (epoch millis), type,
 * queue and tenant ('' for jobs without one), its counts, and one column per histogram bucket
 * ({@code run_0} … , {@code wait_0} … , {@code e2e_0} …). Rows are only ever added to, by one
 * upsert per row a group commit touches ({@link GroupMetrics}), and deleted by age.
 */
final class MetricsRows {
  private static final List<String> COUNTS =
      List.of(
          "completed",
          "failed_attempts",
          "retried",
          "failed_final",
          "dead_lettered",
          "cancelled",
          "attempts",
          "run_sum_ms");
  private static final List<String> HISTOGRAMS =
      Stream.of("run_", "wait_", "e2e_")
          .flatMap(prefix -> IntStream.range(0, LatencyBuckets.COUNT).mapToObj(i -> prefix + i))
          .toList();
  private static final String KEY = "step, bucket, type, queue, tenant";
  private static final List<String> FIGURES =
      Stream.of(COUNTS, List.of("run_min_ms", "run_max_ms"), HISTOGRAMS)
          .flatMap(List::stream)
          .toList();

  static final String CREATE =
      "CREATE TABLE job_metrics (step TEXT NOT NULL, bucket INTEGER NOT NULL, type TEXT NOT NULL,"
          + " queue TEXT NOT NULL, tenant TEXT NOT NULL, "
          + FIGURES.stream().map(c -> c + " INTEGER NOT NULL").collect(Collectors.joining(", "))
          + ", PRIMARY KEY ("
          + KEY
          + ")) WITHOUT ROWID";

  static final String ADD =
      "INSERT INTO job_metrics ("
          + KEY
          + ", "
          + String.join(", ", FIGURES)
          + ") VALUES (?, ?, ?, ?, ?"
          + ", ?".repeat(FIGURES.size())
          + ") ON CONFLICT ("
          + KEY
          + ") DO UPDATE SET "
          + Stream.of(COUNTS, HISTOGRAMS)
              .flatMap(List::stream)
              .map(c -> c + " = " + c + " + excluded." + c)
              .collect(Collectors.joining(", "))
          + ", run_min_ms = min(run_min_ms, excluded.run_min_ms)"
          + ", run_max_ms = max(run_max_ms, excluded.run_max_ms)";

  static final String SERIES =
      "SELECT "
          + KEY
          + ", "
          + String.join(", ", FIGURES)
          + " FROM job_metrics WHERE step = ? AND bucket >= ? AND bucket < ?"
          + " AND (? IS NULL OR type = ?) AND (? IS NULL OR queue = ?) AND (? IS NULL OR tenant = ?)";

  static final String TRIM = "DELETE FROM job_metrics WHERE step = ? AND bucket < ?";

  private MetricsRows() {}

  /** The values of {@link #ADD} for one row's increments. */
  static Object[] values(MetricsKey key, MetricsFigures f) {
    List<Object> values = new ArrayList<>(5 + FIGURES.size());
    values.addAll(
        List.of(
            key.step().wireName(),
            key.bucket().toEpochMilli(),
            key.type(),
            key.queue(),
            key.tenant()));
    values.addAll(
        List.of(
            f.completed,
            f.failedAttempts,
            f.retried,
            f.failedFinal,
            f.deadLettered,
            f.cancelled,
            f.attempts,
            f.runSumMillis,
            f.runMinMillis,
            f.runMaxMillis));
    for (long[] histogram : new long[][] {f.runTime, f.queueWait, f.endToEnd}) {
      for (long n : histogram) {
        values.add(n);
      }
    }
    return values.toArray();
  }

  /** The rows of a series query: step, from, to, then each filter twice (null for all). */
  static List<Map.Entry<MetricsKey, MetricsFigures>> rows(
      PreparedStatement statement, Object[] args) throws SQLException {
    List<Map.Entry<MetricsKey, MetricsFigures>> list = new ArrayList<>();
    try (ResultSet rows = StatementCache.bind(statement, args).executeQuery()) {
      while (rows.next()) {
        MetricsKey key =
            new MetricsKey(
                MetricsStep.parse(rows.getString(1)),
                Instant.ofEpochMilli(rows.getLong(2)),
                rows.getString(3),
                rows.getString(4),
                rows.getString(5));
        MetricsFigures f = new MetricsFigures();
        int c = 6;
        f.completed = rows.getLong(c++);
        f.failedAttempts = rows.getLong(c++);
        f.retried = rows.getLong(c++);
        f.failedFinal = rows.getLong(c++);
        f.deadLettered = rows.getLong(c++);
        f.cancelled = rows.getLong(c++);
        f.attempts = rows.getLong(c++);
        f.runSumMillis = rows.getLong(c++);
        f.runMinMillis = rows.getLong(c++);
        f.runMaxMillis = rows.getLong(c++);
        for (long[] histogram : new long[][] {f.runTime, f.queueWait, f.endToEnd}) {
          for (int i = 0; i < histogram.length; i++) {
            histogram[i] = rows.getLong(c++);
          }
        }
        list.add(new AbstractMap.SimpleImmutableEntry<>(key, f));
      }
    }
    return list;
  }
}
