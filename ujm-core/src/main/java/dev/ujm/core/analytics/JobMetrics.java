package dev.ujm.core.analytics;

import java.time.Instant;
import java.util.List;

/**
 * The job metrics of a backend, a sibling of {@link dev.ujm.core.store.JobStore} in the same data
 * set: one row per job type, queue, tenant and UTC minute, hour and day, counted from the moves the
 * store commits ({@link MetricsTally}) in the move's own step where the store allows it. The hour
 * and day rows are raised with their minute rows, so a series of any step is exact at every
 * instant; {@link JobMetricsTrimmer} deletes rows past their retention. Thread-safe; {@code
 * ujm-store-tck}'s {@code JobMetricsContract} is its executable form.
 */
public interface JobMetrics {

  /**
   * The series of a query: one point per step that has any figure, oldest first, each the sum of
   * the rows that match.
   */
  List<MetricsPoint> series(MetricsQuery query);

  /**
   * Deletes the rows of a step whose bucket starts before {@code before}.
   *
   * @return how many rows it deleted
   */
  int trim(MetricsStep step, Instant before);
}
