package dev.ujm.server.http;

import dev.ujm.core.auth.ApiKeys;
import dev.ujm.core.model.JobIds;
import dev.ujm.core.model.TimeBounds;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The shapes the API accepts for ids, names, free text and instants, checked before a value reaches
 * a log line or a store. Each refusal is one 400 {@code invalid-request} naming the field; a bad
 * value is never echoed back, so nothing a caller sends is repeated unescaped. Stateless.
 */
public final class Inputs {
  private Inputs() {}

  /** A job id as {@link JobIds} makes them. */
  public static String jobId(String field, String value) {
    if (!JobIds.isWellFormed(value)) {
      throw ProblemException.invalid(
          field,
          field
              + " must be a job id, a lower-case UUID such as 01a2239d-4534-729f-96f3-2563e13cbf68");
    }
    return value;
  }

  /** A key id: {@code admin} or {@code key-<uuid>}. */
  public static String keyId(String field, String value) {
    if (!ApiKeys.isKeyId(value)) {
      throw ProblemException.invalid(
          field, field + " must be a key id: admin, or key- followed by a lower-case UUID");
    }
    return value;
  }

  /** A tenant or user name: 1 to 128 of {@code A-Za-z0-9_.@:-}. */
  public static String name(String field, String value) {
    if (!ApiKeys.isName(value)) {
      throw ProblemException.invalid(
          field, field + " must be 1 to 128 letters, digits or any of _ . @ : -");
    }
    return value;
  }

  /** A queue name, as a job may name its queue: 1 to 64 of {@code A-Za-z0-9_.-}. */
  public static String queue(String field, String value) {
    if (value == null || !value.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw ProblemException.invalid(
          field, field + " must be 1 to 64 letters, digits, '_', '.' or '-'");
    }
    return value;
  }

  /** Free text: anything but control characters, at most {@code maxLength} characters. */
  public static String text(String field, String value, int maxLength) {
    if (value == null) {
      return null;
    }
    if (value.isEmpty() || value.length() > maxLength) {
      throw ProblemException.invalid(
          field, field + " must be 1 to " + maxLength + " characters, not " + value.length());
    }
    if (hasControlCharacter(value)) {
      throw ProblemException.invalid(field, field + " must not contain control characters");
    }
    return value;
  }

  /**
   * An ISO-8601 instant ({@code 2026-01-01T10:00:00Z}, or with an offset) within {@link TimeBounds}
   * of now, or null when absent.
   */
  public static Instant instant(String field, String value, Instant now) {
    if (value == null) {
      return null;
    }
    Instant instant = hasControlCharacter(value) ? null : parseInstant(value.trim());
    if (instant == null) {
      throw ProblemException.invalid(
          field, field + " must be an ISO-8601 instant such as 2026-01-01T10:00:00Z");
    }
    if (!TimeBounds.isWithin(instant, now)) {
      throw ProblemException.invalid(field, field + " must be " + TimeBounds.describe(now));
    }
    return instant;
  }

  /** Whether the text holds a C0 or C1 control character, DEL, or a line or paragraph separator. */
  public static boolean hasControlCharacter(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        return true;
      }
    }
    return false;
  }

  private static Instant parseInstant(String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeException e) {
      try {
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeException again) {
        return null;
      }
    }
  }
}
