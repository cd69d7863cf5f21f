package dev.ujm.core.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a key may do. */
public enum ApiRole {
  /** Everything, for its tenant and (when it names one) any other tenant; manages keys. */
  ADMIN,
  /** Submits jobs and reads, cancels and retries its own. */
  USER,
  /** Reads its own jobs; cannot submit, cancel or retry. */
  READONLY;

  /** Whether this role may submit, cancel, retry and clone. */
  public boolean canWrite() {
    return this != READONLY;
  }

  /** The wire name: {@code admin}, {@code user} or {@code readonly}. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a wire name (case-insensitive).
   *
   * @throws IllegalArgumentException for anything but admin, user or readonly
   */
  @JsonCreator
  public static ApiRole parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "role must be admin, user or readonly, not '" + name + "'");
    }
  }
}
