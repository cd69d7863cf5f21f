package dev.ujm.server.audit;

import dev.ujm.core.config.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The access audit's settings: which share of reads it records ({@code
 * UJM_ACCESS_AUDIT_READ_SAMPLE}, 0 to 1, default 1: every read; changes are always recorded) and
 * how long it keeps a line ({@code UJM_ACCESS_AUDIT_RETENTION_DAYS}, default 90, 0 for ever).
 */
public record AccessAuditSettings(double readSample, Duration retention) {

  /**
   * Reads the settings.
   *
   * @throws ConfigException listing every bad value
   */
  public static AccessAuditSettings from(Map<String, String> settings) {
    List<String> errors = new ArrayList<>();
    double sample = 1;
    String s = settings.get("UJM_ACCESS_AUDIT_READ_SAMPLE");
    if (s != null && !s.isBlank()) {
      try {
        sample = Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        sample = -1;
      }
      if (!(sample >= 0 && sample <= 1)) {
        errors.add("UJM_ACCESS_AUDIT_READ_SAMPLE='" + s + "' must be a number from 0 to 1");
      }
    }
    long days = 90;
    String d = settings.get("UJM_ACCESS_AUDIT_RETENTION_DAYS");
    if (d != null && !d.isBlank()) {
      try {
        days = Long.parseLong(d.trim());
      } catch (NumberFormatException e) {
        days = -1;
      }
      if (days < 0 || days > 36_500) {
        errors.add(
            "UJM_ACCESS_AUDIT_RETENTION_DAYS='" + d + "' must be a whole number from 0 to 36500");
      }
    }
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return new AccessAuditSettings(sample, Duration.ofDays(days));
  }
}
