package dev.ujm.core.analytics;

import java.util.Arrays;

/**
 * The figures of one row of the job metrics, or of their sum over rows: how the attempts and jobs
 * counted in it ended ({@link MetricsTally} says which move counts where), the attempts' run time,
 * and three latency histograms over {@link LatencyBuckets}. Mutable, for the tallies and sums that
 * build it; not thread-safe.
 */
public final class MetricsFigures {
  /** Jobs completed ({@code complete}). */
  public long completed;

  /**
   * Attempts that ended in a failure: {@code retry-later}, {@code requeue-expired}, {@code fail},
   * {@code expire}.
   */
  public long failedAttempts;

  /** Failed attempts that another attempt follows: {@code retry-later}, {@code requeue-expired}. */
  public long retried;

  /** Jobs failed for good by their worker ({@code fail}). */
  public long failedFinal;

  /** Jobs that entered the dead-letter queue (failed): {@code fail}, {@code expire}. */
  public long deadLettered;

  /**
   * Jobs cancelled: {@code cancel}, {@code cancel-own}, {@code cancel-dependent}, {@code
   * cancel-condition}.
   */
  public long cancelled;

  /** Attempts that ended, except those handed back unfinished ({@code release}, a restart). */
  public long attempts;

  /** Run time of the counted attempts, from claim to end, in milliseconds. */
  public long runSumMillis;

  /** The shortest counted attempt; {@link Long#MAX_VALUE} while none is counted. */
  public long runMinMillis = Long.MAX_VALUE;

  /** The longest counted attempt; 0 while none is counted. */
  public long runMaxMillis;

  /** Run time of each counted attempt. */
  public final long[] runTime = new long[LatencyBuckets.COUNT];

  /**
   * Queue wait of each job's first attempt: from its creation, or its runAt when later, to claim.
   */
  public final long[] queueWait = new long[LatencyBuckets.COUNT];

  /** End to end of each completed job: from its creation to its completion. */
  public final long[] endToEnd = new long[LatencyBuckets.COUNT];

  /** Adds another row's figures to these. */
  public MetricsFigures add(MetricsFigures other) {
    completed += other.completed;
    failedAttempts += other.failedAttempts;
    retried += other.retried;
    failedFinal += other.failedFinal;
    deadLettered += other.deadLettered;
    cancelled += other.cancelled;
    attempts += other.attempts;
    runSumMillis += other.runSumMillis;
    runMinMillis = Math.min(runMinMillis, other.runMinMillis);
    runMaxMillis = Math.max(runMaxMillis, other.runMaxMillis);
    for (int i = 0; i < LatencyBuckets.COUNT; i++) {
      runTime[i] += other.runTime[i];
      queueWait[i] += other.queueWait[i];
      endToEnd[i] += other.endToEnd[i];
    }
    return this;
  }

  /** Counts one attempt's run time. */
  void addRun(long millis) {
    runSumMillis += millis;
    runMinMillis = Math.min(runMinMillis, millis);
    runMaxMillis = Math.max(runMaxMillis, millis);
    runTime[LatencyBuckets.indexOf(millis)]++;
  }

  /** The {@code q}-quantile of the run time in milliseconds, or null without attempts. */
  public Long runTimeQuantile(double q) {
    return LatencyBuckets.quantile(runTime, q, runMaxMillis);
  }

  /** The {@code q}-quantile of the queue wait in milliseconds, or null without claims. */
  public Long queueWaitQuantile(double q) {
    return LatencyBuckets.quantile(queueWait, q, Long.MAX_VALUE);
  }

  /** The {@code q}-quantile of the end-to-end time in milliseconds, or null without completions. */
  public Long endToEndQuantile(double q) {
    return LatencyBuckets.quantile(endToEnd, q, Long.MAX_VALUE);
  }

  /** Whether nothing at all is counted. */
  public boolean isEmpty() {
    return equals(new MetricsFigures());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MetricsFigures f
        && completed == f.completed
        && failedAttempts == f.failedAttempts
        && retried == f.retried
        && failedFinal == f.failedFinal
        && deadLettered == f.deadLettered
        && cancelled == f.cancelled
        && attempts == f.attempts
        && runSumMillis == f.runSumMillis
        && runMinMillis == f.runMinMillis
        && runMaxMillis == f.runMaxMillis
        && Arrays.equals(runTime, f.runTime)
        && Arrays.equals(queueWait, f.queueWait)
        && Arrays.equals(endToEnd, f.endToEnd);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(completed * 31 + attempts) ^ Arrays.hashCode(runTime);
  }

  @Override
  public String toString() {
    return "completed=%d failedAttempts=%d retried=%d failedFinal=%d deadLettered=%d cancelled=%d attempts=%d run=%d/%d/%d runTime=%s queueWait=%s endToEnd=%s"
        .formatted(
            completed,
            failedAttempts,
            retried,
            failedFinal,
            deadLettered,
            cancelled,
            attempts,
            runSumMillis,
            runMinMillis,
            runMaxMillis,
            Arrays.toString(runTime),
            Arrays.toString(queueWait),
            Arrays.toString(endToEnd));
  }
}
