package dev.ujm.jobs.report;

import java.time.Instant;
import java.util.List;

/**
 * What a {@code report} job is asked to count. A report covers the jobs of its submitter (same
 * tenant and owner) created in the range. Checked at submit by {@link ReportJobHandler}. Immutable.
 *
 * @param title the heading (default "UJM jobs")
 * @param from the start of the range (default: 24 hours before {@code to})
 * @param to the end of the range, exclusive (default: when the job runs)
 * @param type only jobs of this type
 * @param queue only jobs of this queue
 * @param groupBy {@code type} (default) and/or {@code queue}
 * @param formats {@code csv} and/or {@code pdf} (default both)
 */
public record ReportPayload(
    String title,
    Instant from,
    Instant to,
    String type,
    String queue,
    List<String> groupBy,
    List<String> formats) {
  public ReportPayload {
    title = title == null ? "UJM jobs" : title;
    groupBy = groupBy == null || groupBy.isEmpty() ? List.of("type") : List.copyOf(groupBy);
    formats = formats == null || formats.isEmpty() ? List.of("csv", "pdf") : List.copyOf(formats);
  }
}
