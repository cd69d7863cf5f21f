package dev.ujm.jobs.report;

import java.util.List;

/**
 * One group of jobs in a report. Immutable.
 *
 * @param key the group's value per {@link ReportQuery#groupBy()} dimension, in order
 * @param jobs jobs created in the range
 * @param completed of them, completed
 * @param failed of them, failed for good
 * @param cancelled of them, cancelled
 * @param pending of them, not final yet
 * @param failedAttempts attempts that failed (retried or not)
 * @param meanSeconds mean run time of the completed ones (start of the last attempt to finish), or
 *     null when none completed
 * @param p95Seconds the 95th percentile of those run times, or null
 */
public record ReportRow(
    List<String> key,
    long jobs,
    long completed,
    long failed,
    long cancelled,
    long pending,
    long failedAttempts,
    Double meanSeconds,
    Double p95Seconds) {}
