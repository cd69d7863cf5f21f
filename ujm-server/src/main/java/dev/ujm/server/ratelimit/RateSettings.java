package dev.ujm.server.ratelimit;

import dev.ujm.core.config.ConfigException;
import dev.ujm.core.config.SettingValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rate limits of the HTTP API, from {@code UJM_RATE_*}: submissions per minute per key and per
 * tenant (0: no limit), and how many failed authentications an address may make per minute before
 * it is blocked, and for how long.
 *
 * @param keySubmitsPerMinute {@code UJM_RATE_KEY_SUBMITS_PER_MINUTE}, default 0
 * @param tenantSubmitsPerMinute {@code UJM_RATE_TENANT_SUBMITS_PER_MINUTE}, default 0
 * @param authFailuresPerMinute {@code UJM_RATE_AUTH_FAILURES_PER_MINUTE}, default 20; the first
 *     half are answered at once, each further one more slowly
 * @param authBlock {@code UJM_RATE_AUTH_BLOCK_SECONDS}, default 300
 */
public record RateSettings(
    long keySubmitsPerMinute,
    long tenantSubmitsPerMinute,
    long authFailuresPerMinute,
    Duration authBlock) {

  /**
   * Reads the settings.
   *
   * @throws ConfigException listing every bad value
   */
  public static RateSettings from(Map<String, String> settings) {
    List<String> errors = new ArrayList<>();
    long key = whole(settings, "UJM_RATE_KEY_SUBMITS_PER_MINUTE", 0, 0, errors);
    long tenant = whole(settings, "UJM_RATE_TENANT_SUBMITS_PER_MINUTE", 0, 0, errors);
    long auth = whole(settings, "UJM_RATE_AUTH_FAILURES_PER_MINUTE", 20, 1, errors);
    long block = whole(settings, "UJM_RATE_AUTH_BLOCK_SECONDS", 300, 1, errors);
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return new RateSettings(key, tenant, auth, Duration.ofSeconds(block));
  }

  private static long whole(
      Map<String, String> settings, String name, long fallback, long min, List<String> errors) {
    return SettingValues.whole(settings, name, fallback, min, 1_000_000_000L, errors);
  }
}
