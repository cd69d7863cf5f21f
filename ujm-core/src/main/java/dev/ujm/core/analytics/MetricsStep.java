package dev.ujm.core.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The width of one point of a metrics series, and of the rows a store keeps for it (UTC). */
public enum MetricsStep {
  MINUTE(ChronoUnit.MINUTES),
  HOUR(ChronoUnit.HOURS),
  DAY(ChronoUnit.DAYS);

  private final ChronoUnit unit;

  MetricsStep(ChronoUnit unit) {
    this.unit = unit;
  }

  /** The start of the step that holds {@code at}. */
  public Instant bucketOf(Instant at) {
    return at.truncatedTo(unit);
  }

  public Duration width() {
    return unit.getDuration();
  }

  /** The name in the API and in the stores: {@code minute}, {@code hour}, {@code day}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The step of a wire name.
   *
   * @throws IllegalArgumentException for any other name
   */
  public static MetricsStep parse(String name) {
    for (MetricsStep step : values()) {
      if (step.wireName().equals(name)) {
        return step;
      }
    }
    throw new IllegalArgumentException("step must be minute, hour or day");
  }
}
