package dev.ujm.core.schedule;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a fire does while the schedule's previous run has not ended yet. */
public enum Overlap {
  /** The default: the new run starts anyway. */
  ALLOW,
  /** No job for this fire; it is recorded as skipped. */
  SKIP,
  /**
   * The new run waits for the previous one to end ({@code dependsOn} it, {@code runWhen:
   * finished}).
   */
  QUEUE;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Overlap parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "overlap must be allow, skip or queue, not '" + name + "'");
    }
  }
}
