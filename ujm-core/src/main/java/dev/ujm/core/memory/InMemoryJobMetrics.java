package dev.ujm.core.memory;

import dev.ujm.core.analytics.AttemptStarts;
import dev.ujm.core.analytics.JobMetrics;
import dev.ujm.core.analytics.MetricsFigures;
import dev.ujm.core.analytics.MetricsKey;
import dev.ujm.core.analytics.MetricsPoint;
import dev.ujm.core.analytics.MetricsQuery;
import dev.ujm.core.analytics.MetricsStep;
import dev.ujm.core.analytics.MetricsTally;
import dev.ujm.core.model.JobUpdate;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference {@link JobMetrics}: rows beside the jobs of an {@link InMemoryJobStore}, counted by
 * {@link InMemoryJobTable#move} under the store's lock, so a series read after a move has it. The
 * rows live in {@link Rows}, which the table owns; this view takes the lock. Thread-safe.
 */
final class InMemoryJobMetrics implements JobMetrics {
  private final InMemoryJobStore jobs;

  InMemoryJobMetrics(InMemoryJobStore jobs) {
    this.jobs = jobs;
  }

  @Override
  public List<MetricsPoint> series(MetricsQuery query) {
    return jobs.inRead(
        table ->
            MetricsPoint.sum(
                table.metrics().rows.entrySet().stream()
                    .filter(row -> query.matches(row.getKey()))
                    .toList()));
  }

  @Override
  public int trim(MetricsStep step, Instant before) {
    return jobs.inWrite(
        table -> {
          Map<MetricsKey, MetricsFigures> rows = table.metrics().rows;
          int size = rows.size();
          rows.keySet().removeIf(key -> key.step() == step && key.bucket().isBefore(before));
          return size - rows.size();
        });
  }

  /** The rows and what they are counted from. Not thread-safe: the store's lock guards it. */
  static final class Rows {
    private final Map<MetricsKey, MetricsFigures> rows = new HashMap<>();
    private final AttemptStarts starts = new AttemptStarts();
    private final MetricsTally tally = new MetricsTally();

    /** Counts one move in its rows. */
    void moved(JobUpdate update) {
      Instant start = starts.follow(update);
      tally.record(update, start);
      if (!tally.isEmpty()) {
        tally.drain().forEach((key, figures) -> rows.merge(key, figures, MetricsFigures::add));
      }
    }
  }
}
