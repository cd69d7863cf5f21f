package dev.ujm.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * When a job with dependencies may run, judged once its parents have ended ({@link
 * dev.ujm.core.workflow.Readiness}). A job whose rule can no longer be met is cancelled with a
 * reason naming the parent that decided it, so nothing waits forever.
 */
public enum RunWhen {
  /**
   * Every parent completed (the default). Cancelled as soon as one parent fails or is cancelled.
   */
  COMPLETED,
  /**
   * Every parent has ended and at least one did not complete (failed or cancelled): a compensation
   * step. Cancelled when they all completed.
   */
  FAILED,
  /** Every parent has ended, however: a clean-up step. Never cancelled by its parents. */
  FINISHED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a wire name.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  @JsonCreator
  public static RunWhen parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "runWhen must be completed, failed or finished, not '" + name + "'");
    }
  }
}
