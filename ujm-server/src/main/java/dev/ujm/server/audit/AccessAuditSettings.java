package dev.ujm.server.audit;

import dev.ujm.core.config.ConfigException;
import dev.ujm.core.config.SettingValues;
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
    double sample = SettingValues.fraction(settings, "UJM_ACCESS_AUDIT_READ_SAMPLE", 1, errors);
    long days =
        SettingValues.whole(settings, "UJM_ACCESS_AUDIT_RETENTION_DAYS", 90L, 0, 36_500, errors);
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return new AccessAuditSettings(sample, Duration.ofDays(days));
  }
}
