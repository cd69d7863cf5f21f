package dev.ujm.core.tenant;

import dev.ujm.core.config.ConfigException;
import dev.ujm.core.config.SettingValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The quotas of a tenant that has no record, and of every quota a record leaves out, from the
 * configuration: {@code UJM_TENANT_DEFAULT_MAX_RUNNING}, {@code _MAX_QUEUED}, {@code
 * _JOBS_PER_DAY}, {@code _MAX_PAYLOAD_BYTES}, {@code _ALLOWED_TYPES} (names separated by commas)
 * and {@code _COST_PER_DAY}. Unset means no limit. The submit rates have their defaults in the
 * server's {@code UJM_RATE_*}; {@link TenantDefaults} adds the weight.
 */
public final class TenantQuotaDefaults {
  /** The prefix of every default's setting. */
  public static final String PREFIX = "UJM_TENANT_DEFAULT_";

  private TenantQuotaDefaults() {}

  /**
   * Reads the defaults.
   *
   * @throws ConfigException listing every bad value
   */
  public static TenantQuotas from(Map<String, String> settings) {
    List<String> errors = new ArrayList<>();
    Long maxRunning = whole(settings, "MAX_RUNNING", Integer.MAX_VALUE, errors);
    Long maxQueued = whole(settings, "MAX_QUEUED", Integer.MAX_VALUE, errors);
    Long jobsPerDay = whole(settings, "JOBS_PER_DAY", Integer.MAX_VALUE, errors);
    Long maxPayloadBytes = whole(settings, "MAX_PAYLOAD_BYTES", Long.MAX_VALUE, errors);
    Long costPerDay = whole(settings, "COST_PER_DAY", Long.MAX_VALUE, errors);
    String types = value(settings, "ALLOWED_TYPES");
    Set<String> allowedTypes =
        types == null
            ? null
            : new LinkedHashSet<>(
                Arrays.stream(types.split(","))
                    .map(String::trim)
                    .filter(t -> !t.isEmpty())
                    .toList());
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return new TenantQuotas(
        maxRunning == null ? null : maxRunning.intValue(),
        maxQueued == null ? null : maxQueued.intValue(),
        jobsPerDay == null ? null : jobsPerDay.intValue(),
        maxPayloadBytes,
        allowedTypes,
        costPerDay == null ? null : costPerDay.doubleValue(),
        null,
        null);
  }

  /** A record's own quotas, each quota it leaves out taken from the defaults. */
  public static TenantQuotas overlay(TenantQuotas own, TenantQuotas defaults) {
    if (own == null) {
      return defaults;
    }
    return new TenantQuotas(
        own.maxRunning() != null ? own.maxRunning() : defaults.maxRunning(),
        own.maxQueued() != null ? own.maxQueued() : defaults.maxQueued(),
        own.jobsPerDay() != null ? own.jobsPerDay() : defaults.jobsPerDay(),
        own.maxPayloadBytes() != null ? own.maxPayloadBytes() : defaults.maxPayloadBytes(),
        own.allowedTypes() != null ? own.allowedTypes() : defaults.allowedTypes(),
        own.costPerDay() != null ? own.costPerDay() : defaults.costPerDay(),
        own.submitsPerMinute() != null ? own.submitsPerMinute() : defaults.submitsPerMinute(),
        own.keySubmitsPerMinute() != null
            ? own.keySubmitsPerMinute()
            : defaults.keySubmitsPerMinute());
  }

  private static String value(Map<String, String> settings, String name) {
    String v = settings.get(PREFIX + name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static Long whole(
      Map<String, String> settings, String name, long max, List<String> errors) {
    return SettingValues.whole(settings, PREFIX + name, null, 0, max, errors);
  }
}
