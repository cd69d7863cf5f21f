package dev.ujm.jobs.sync;

import dev.ujm.core.config.ConfigException;
import dev.ujm.core.handler.JobEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The node-wide settings of the {@code api-sync} job type, from {@code UJM_API_SYNC_*}. Immutable.
 *
 * @param maxPages the largest {@code maxPages} a payload may ask for
 * @param maxBodyBytes a page longer than this fails the attempt
 * @param requestTimeout the longest one request may take
 * @param maxRetries retries of one page after a 429 or 5xx within an attempt
 * @param retryBase the first backoff between those retries (doubling, with jitter)
 * @param maxWaitInAttempt a {@code Retry-After} longer than this ends the attempt with a retry
 *     later instead of holding a worker
 * @param allowPrivateNetworks whether syncs may reach loopback and private addresses
 * @param userAgent the User-Agent of every request
 * @param credentials the named credentials, by lower-case name
 */
public record ApiSyncSettings(
    int maxPages,
    long maxBodyBytes,
    Duration requestTimeout,
    int maxRetries,
    Duration retryBase,
    Duration maxWaitInAttempt,
    boolean allowPrivateNetworks,
    String userAgent,
    Map<String, Credential> credentials) {

  private static final String CREDENTIAL = "UJM_API_SYNC_CREDENTIAL_";

  /**
   * @throws ConfigException naming every bad value (never a secret)
   */
  public static ApiSyncSettings from(JobEnvironment env) {
    List<String> problems = new ArrayList<>();
    int maxPages = (int) number(env, "UJM_API_SYNC_MAX_PAGES", 10_000, 1, 1_000_000, problems);
    long maxBody = number(env, "UJM_API_SYNC_MAX_BODY_BYTES", 10L << 20, 1024, 1L << 30, problems);
    long timeout = number(env, "UJM_API_SYNC_REQUEST_TIMEOUT_MS", 30_000, 1, 600_000, problems);
    int retries = (int) number(env, "UJM_API_SYNC_MAX_RETRIES", 5, 0, 100, problems);
    long base = number(env, "UJM_API_SYNC_RETRY_BASE_MS", 500, 1, 600_000, problems);
    long wait = number(env, "UJM_API_SYNC_MAX_WAIT_SECONDS", 120, 0, 86_400, problems);
    String allow =
        env.setting("UJM_API_SYNC_ALLOW_PRIVATE_NETWORKS")
            .orElse("false")
            .trim()
            .toLowerCase(Locale.ROOT);
    if (!allow.equals("true") && !allow.equals("false")) {
      problems.add("UJM_API_SYNC_ALLOW_PRIVATE_NETWORKS='" + allow + "' must be true or false");
    }
    Map<String, Credential> credentials = new TreeMap<>();
    env.settings()
        .forEach(
            (key, value) -> {
              if (key.startsWith(CREDENTIAL)
                  && !key.endsWith("_HOSTS")
                  && key.length() > CREDENTIAL.length()) {
                String name = key.substring(CREDENTIAL.length()).toLowerCase(Locale.ROOT);
                try {
                  credentials.put(
                      name, Credential.parse(name, value, env.settings().get(key + "_HOSTS")));
                } catch (IllegalArgumentException e) {
                  problems.add(e.getMessage());
                }
              }
            });
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new ApiSyncSettings(
        maxPages,
        maxBody,
        Duration.ofMillis(timeout),
        retries,
        Duration.ofMillis(base),
        Duration.ofSeconds(wait),
        allow.equals("true"),
        env.setting("UJM_API_SYNC_USER_AGENT").orElse("UJM-ApiSync/0.1"),
        Map.copyOf(credentials));
  }

  private static long number(
      JobEnvironment env, String name, long fallback, long min, long max, List<String> problems) {
    String raw = env.setting(name).orElse(null);
    if (raw == null) {
      return fallback;
    }
    try {
      long n = Long.parseLong(raw.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(name + "='" + raw + "' must be a whole number from " + min + " to " + max);
    return fallback;
  }
}
