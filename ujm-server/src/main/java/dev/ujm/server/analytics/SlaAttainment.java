package dev.ujm.server.analytics;

import dev.ujm.core.analytics.JobMetrics;
import dev.ujm.core.analytics.LatencyBuckets;
import dev.ujm.core.analytics.MetricsFigures;
import dev.ujm.core.analytics.MetricsPoint;
import dev.ujm.core.analytics.MetricsQuery;
import dev.ujm.core.analytics.MetricsStep;
import java.time.Duration;
import java.time.Instant;

/**
 * How one type's jobs did against its objective over a window that ends now: of the jobs that ended
 * completed or dead-lettered, how many completed within the objective's time of their submit, read
 * from the end-to-end histogram (exact when the time is a bucket bound, else counted up to the
 * bound below, so attainment is never overstated).
 *
 * @param attainment the share within, 0 to 1; null when no job ended in the window
 * @param met whether the attainment reaches the objective (true when no job ended)
 */
public record SlaAttainment(
    SlaObjective objective,
    Duration window,
    long ended,
    long withinObjective,
    Double attainment,
    boolean met) {

  /**
   * Reads a type's attainment from the job metrics, of one tenant or (null) of all: minute rows
   * while the window is at most two days (they are kept 48 hours by default), hour rows for longer
   * ones.
   */
  public static SlaAttainment of(
      JobMetrics metrics, SlaObjective objective, String tenant, Duration window, Instant now) {
    MetricsStep step =
        window.compareTo(Duration.ofDays(2)) <= 0 ? MetricsStep.MINUTE : MetricsStep.HOUR;
    Instant to = now.plus(step.width());
    MetricsFigures total =
        MetricsPoint.total(
            metrics.series(
                new MetricsQuery(
                    objective.type(), null, tenant, step.bucketOf(now.minus(window)), to, step)));
    long ended = total.completed + total.deadLettered;
    long within = LatencyBuckets.countWithin(total.endToEnd, objective.within());
    Double attainment = ended == 0 ? null : (double) within / ended;
    boolean met = attainment == null || attainment * 100 >= objective.percent();
    return new SlaAttainment(objective, window, ended, within, attainment, met);
  }
}
