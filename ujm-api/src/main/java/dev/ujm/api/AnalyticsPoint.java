package dev.ujm.api;

import java.time.Instant;

/**
 * The figures of one step of an analytics series (or of the whole series, without {@code at}):
 * counts by outcome, attempts, and the run time, queue wait and end-to-end time in milliseconds.
 *
 * @param at the start of the step (UTC); null for a series' total
 * @param completed jobs completed
 * @param failedAttempts attempts that ended in a failure (retried later, lease expired, failed)
 * @param retried failed attempts another attempt follows
 * @param failedFinal jobs their worker failed for good
 * @param deadLettered jobs that entered the dead-letter queue (failed, or expired on their last
 *     attempt)
 * @param cancelled jobs cancelled
 * @param attempts attempts that ended, hand-backs excluded
 */
public record AnalyticsPoint(
    Instant at,
    long completed,
    long failedAttempts,
    long retried,
    long failedFinal,
    long deadLettered,
    long cancelled,
    long attempts,
    RunTime runTimeMs,
    Percentiles queueWaitMs,
    Percentiles endToEndMs) {

  /**
   * Run time of the counted attempts in milliseconds; the percentiles are read from fixed buckets
   * (the bucket's upper bound, capped at the maximum); null figures when none ran.
   */
  public record RunTime(Long sum, Long min, Long max, Long p50, Long p90, Long p99) {}

  /** Percentiles in milliseconds, read from fixed buckets; null when there is no sample. */
  public record Percentiles(long count, Long p50, Long p90, Long p99) {}
}
