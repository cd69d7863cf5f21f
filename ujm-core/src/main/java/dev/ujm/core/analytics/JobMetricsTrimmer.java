package dev.ujm.core.analytics;

import dev.ujm.core.duty.Duty;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the job metrics rows past their retention, a cluster-wide duty. The hour and day rows are
 * raised in the same write as their minutes ({@link MetricsTally#drain}), so the roll-up is already
 * done when a minute row goes; each pass:
 *
 * <ol>
 *   <li>for each step with a retention, computes the cut-off: now by the injected clock minus the
 *       retention, at the start of its step;
 *   <li>deletes that step's rows that start before it;
 *   <li>logs how many it deleted.
 * </ol>
 *
 * Thread-safe.
 */
public final class JobMetricsTrimmer extends Duty {
  private static final Logger LOG = LoggerFactory.getLogger(JobMetricsTrimmer.class);

  /** A pass every ten minutes: the shortest retention is counted in hours. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(10);

  private final JobMetrics metrics;
  private final InstantSource clock;
  private final MetricsRetention retention;

  public JobMetricsTrimmer(
      JobMetrics metrics, InstantSource clock, MetricsRetention retention, Duration interval) {
    super("job-metrics-trimmer", interval);
    this.metrics = metrics;
    this.clock = clock;
    this.retention = retention;
  }

  @Override
  public int runOnce() {
    Instant now = clock.instant();
    int trimmed = 0;
    for (MetricsStep step : MetricsStep.values()) {
      Duration kept = retention.of(step);
      if (!kept.isZero()) {
        Instant cutOff = step.bucketOf(now.minus(kept));
        int rows = metrics.trim(step, cutOff);
        if (rows > 0) {
          LOG.info(
              "deleted {} job metrics {} row(s) from before {}", rows, step.wireName(), cutOff);
        }
        trimmed += rows;
      }
    }
    return trimmed;
  }
}
