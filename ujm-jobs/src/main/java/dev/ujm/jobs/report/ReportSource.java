package dev.ujm.jobs.report;

import java.util.List;

/**
 * Where a report's numbers come from. Today {@link JobStoreReportSource} counts jobs through the
 * store's query seam; a metrics store fed by analytics can take its place without the report
 * changing. Implementations are thread-safe.
 */
@FunctionalInterface
public interface ReportSource {
  /**
   * The rows of a report, ordered by key.
   *
   * @param maxJobs read at most this many jobs; a source that stops there says so in {@link
   *     Rows#truncated()}
   */
  Rows rows(ReportQuery query, long maxJobs, java.util.function.BooleanSupplier cancelled);

  /** The rows, and whether the source stopped at its limit. */
  record Rows(List<ReportRow> rows, long jobsRead, boolean truncated) {}
}
