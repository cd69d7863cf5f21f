package dev.ujm.store.sqlite;

import dev.ujm.core.analytics.AttemptStarts;
import dev.ujm.core.analytics.MetricsFigures;
import dev.ujm.core.analytics.MetricsKey;
import dev.ujm.core.analytics.MetricsTally;
import dev.ujm.core.model.JobUpdate;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * What one group commit adds to {@code job_metrics}: the figures of its successful tasks' moves,
 * summed per row ({@link MetricsTally}) and written as one upsert per row touched just before the
 * commit, like {@link GroupCounts}; a failed task's moves are never counted. The writer sees every
 * claim, so it times each attempt from its claim ({@link AttemptStarts}). Used by the writer thread
 * only; not thread-safe.
 */
final class GroupMetrics {
  private final MetricsTally tally = new MetricsTally();
  private final AttemptStarts starts = new AttemptStarts();

  /** Counts a successful task's moves. */
  void taskSucceeded(List<JobUpdate> updates) {
    for (JobUpdate update : updates) {
      if (update.transition() != null) {
        tally.record(update, starts.follow(update));
      }
    }
  }

  /** Writes the group's figures; the writer calls it just before the commit. */
  void writeBeforeCommit(WriteTransaction tx) throws SQLException {
    if (tally.isEmpty()) {
      return;
    }
    for (Map.Entry<MetricsKey, MetricsFigures> row : tally.drain().entrySet()) {
      tx.update(MetricsRows.ADD, MetricsRows.values(row.getKey(), row.getValue()));
    }
  }

  /** The group failed: none of its figures are counted. */
  void clear() {
    tally.clear();
  }
}
