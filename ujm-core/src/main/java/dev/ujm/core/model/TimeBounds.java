package dev.ujm.core.model;

import java.time.Duration;
import java.time.Instant;

/**
 * The one bound on every instant and delay UJM accepts from a caller (a job's {@code runAt}, a
 * delay, the time range of a search): at most {@link #MAX_DISTANCE} away from now. Far beyond any
 * real schedule or history, and far inside what every store and every ISO-8601 printer can hold.
 * Stateless.
 */
public final class TimeBounds {
  /** About a hundred years: 36,525 days. */
  public static final Duration MAX_DISTANCE = Duration.ofDays(36_525);

  private TimeBounds() {}

  /** Whether the instant is within {@link #MAX_DISTANCE} of now. */
  public static boolean isWithin(Instant instant, Instant now) {
    return !instant.isBefore(now.minus(MAX_DISTANCE)) && !instant.isAfter(now.plus(MAX_DISTANCE));
  }

  /** The rule in words, for refusals: "within 36525 days of now (2026-… to 2126-…)". */
  public static String describe(Instant now) {
    return "within "
        + MAX_DISTANCE.toDays()
        + " days of now (from "
        + now.minus(MAX_DISTANCE).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
        + " to "
        + now.plus(MAX_DISTANCE).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
        + ")";
  }
}
