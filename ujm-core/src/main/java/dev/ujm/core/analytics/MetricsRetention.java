package dev.ujm.core.analytics;

import java.time.Duration;

/**
 * How long the job metrics keep their rows of each step; zero keeps them for good.
 *
 * @param minutes minute rows (default 48 hours)
 * @param hours hour rows (default 90 days)
 * @param days day rows (default for good)
 */
public record MetricsRetention(Duration minutes, Duration hours, Duration days) {
  public static final MetricsRetention DEFAULT =
      new MetricsRetention(Duration.ofHours(48), Duration.ofDays(90), Duration.ZERO);

  public MetricsRetention {
    for (Duration kept : new Duration[] {minutes, hours, days}) {
      if (kept.isNegative()) {
        throw new IllegalArgumentException("a metrics retention must not be negative");
      }
    }
  }

  /** How long rows of a step are kept; zero for good. */
  public Duration of(MetricsStep step) {
    return switch (step) {
      case MINUTE -> minutes;
      case HOUR -> hours;
      case DAY -> days;
    };
  }
}
