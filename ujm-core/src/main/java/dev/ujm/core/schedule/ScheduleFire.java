package dev.ujm.core.schedule;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;

/**
 * One line of a schedule's history: a fire and what came of it.
 *
 * @param jobId the job made, or null for a missed or skipped fire
 * @param at when it was recorded
 */
public record ScheduleFire(
    String scheduleId, Instant fireAt, Outcome outcome, String jobId, Instant at) {

  /** What came of a fire. */
  public enum Outcome {
    /** A job was submitted for it. */
    FIRED,
    /** Run by hand ({@code trigger}). */
    TRIGGERED,
    /** Missed (the service was down longer than the grace) and made no job. */
    MISSED,
    /** The previous run had not ended and the overlap policy is skip. */
    SKIPPED_OVERLAP,
    /**
     * The schedule's tenant was at a quota ({@code maxQueued}, {@code jobsPerDay}, {@code
     * costPerDay}, or one its job can never meet): no job was made.
     */
    SKIPPED_QUOTA;

    @JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Outcome parse(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }
}
