package dev.ujm.server.analytics;

import dev.ujm.core.analytics.MetricsRetention;
import dev.ujm.core.config.ConfigException;
import dev.ujm.core.config.SettingValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The analytics settings: how long the job metrics keep minute, hour and day rows ({@code
 * UJM_METRICS_MINUTE_RETENTION_HOURS}, default 48; {@code UJM_METRICS_HOUR_RETENTION_DAYS}, 90;
 * {@code UJM_METRICS_DAY_RETENTION_DAYS}, 0 for good), the window SLA attainment is measured over
 * for {@code /metrics} ({@code UJM_SLA_WINDOW_HOURS}, 24), and one objective per job type ({@code
 * UJM_SLA_<TYPE>}, the type name in upper case with each {@code -} written {@code _}).
 *
 * @param objectives by job type
 */
public record AnalyticsSettings(
    MetricsRetention retention, Duration slaWindow, Map<String, SlaObjective> objectives) {
  static final String SLA_PREFIX = "UJM_SLA_";
  private static final String SLA_WINDOW = "UJM_SLA_WINDOW_HOURS";

  /**
   * Reads the settings.
   *
   * @throws ConfigException with one sentence per bad value
   */
  public static AnalyticsSettings from(Map<String, String> settings) {
    List<String> errors = new ArrayList<>();
    long minutes =
        SettingValues.whole(settings, "UJM_METRICS_MINUTE_RETENTION_HOURS", 48L, 1, 8_784, errors);
    long hours =
        SettingValues.whole(settings, "UJM_METRICS_HOUR_RETENTION_DAYS", 90L, 1, 36_500, errors);
    long days =
        SettingValues.whole(settings, "UJM_METRICS_DAY_RETENTION_DAYS", 0L, 0, 36_500, errors);
    long window = SettingValues.whole(settings, SLA_WINDOW, 24L, 1, 2_160, errors);
    Map<String, SlaObjective> objectives = new TreeMap<>();
    new TreeMap<>(settings)
        .forEach(
            (key, value) -> {
              if (key.startsWith(SLA_PREFIX)
                  && key.length() > SLA_PREFIX.length()
                  && !key.equals(SLA_WINDOW)) {
                String type = typeOf(key);
                try {
                  objectives.put(type, SlaObjective.parse(type, value));
                } catch (IllegalArgumentException e) {
                  errors.add(key + "='" + value + "': " + e.getMessage());
                }
              }
            });
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return new AnalyticsSettings(
        new MetricsRetention(
            Duration.ofHours(minutes), Duration.ofDays(hours), Duration.ofDays(days)),
        Duration.ofHours(window),
        Map.copyOf(objectives));
  }

  /** The job type an {@code UJM_SLA_<TYPE>} setting names. */
  static String typeOf(String key) {
    return key.substring(SLA_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The setting that holds a type's objective. */
  public static String settingOf(String type) {
    return SLA_PREFIX + type.toUpperCase(Locale.ROOT).replace('-', '_');
  }
}
