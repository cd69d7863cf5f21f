package dev.ujm.core.schedule;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a schedule does with fires it missed (a fire is missed when no evaluator saw it within
 * {@link ScheduleEvaluator#MISFIRE_GRACE} of its instant: the service was down or paused). Missed
 * fires that make no job are written to the schedule's history, never dropped silently.
 */
public enum Misfire {
  /** The default: no job for missed fires; each is recorded as missed. */
  SKIP,
  /** One job for all missed fires together (at the latest missed instant); the rest recorded. */
  FIRE_ONCE,
  /** One job per missed fire, the latest {@code catchUpLimit} of them; older ones recorded. */
  CATCH_UP;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @JsonCreator
  public static Misfire parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "misfire must be skip, fire-once or catch-up, not '" + name + "'");
    }
  }
}
