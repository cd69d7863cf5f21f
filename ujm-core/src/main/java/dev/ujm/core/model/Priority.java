package dev.ujm.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Strict order within a queue: every high job is claimed before any medium one; FIFO within a
 * priority.
 */
public enum Priority {
  HIGH(0),
  MEDIUM(1),
  LOW(2);

  private final int rank;

  Priority(int rank) {
    this.rank = rank;
  }

  /** 0 is claimed first. Stores sort by this number. */
  public int rank() {
    return rank;
  }

  public static Priority ofRank(int rank) {
    return values()[rank];
  }

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a wire name (case-insensitive).
   *
   * @throws IllegalArgumentException for anything but high, medium or low
   */
  @JsonCreator
  public static Priority parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "priority must be high, medium or low, not '" + name + "'");
    }
  }
}
