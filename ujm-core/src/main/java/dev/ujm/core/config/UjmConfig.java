package dev.ujm.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The node's configuration, read from environment variables (listed in the README) with
 * command-line flags over them, and checked as a whole: {@link #from(Map)} reports every bad value
 * at once in one {@link ConfigException}. Immutable.
 *
 * @param workersPerQueue pool sizes per queue from {@code UJM_WORKERS_<QUEUE>} (queue names
 *     lower-cased)
 * @param auditRetention how long the audit trail of a purged job is kept after the job finished
 *     ({@code UJM_AUDIT_RETENTION_DAYS}); zero keeps it forever
 * @param settings every {@code UJM_*} value as given, for job modules that read their own settings
 */
public record UjmConfig(
    int port,
    String bind,
    Path dataDir,
    String store,
    String redisUri,
    String mongoUri,
    String mongoDb,
    String adminKey,
    int workers,
    Map<String, Integer> workersPerQueue,
    Duration lease,
    Duration heartbeat,
    Duration checkpoint,
    Duration retention,
    Duration retryBase,
    Duration retryMax,
    Duration auditRetention,
    long maxPayloadBytes,
    Duration syncWait,
    String logLevel,
    Map<String, String> settings) {

  /**
   * One configuration setting: its environment name, default and meaning, for the README and {@code
   * --help}.
   */
  public record Setting(String env, String defaultValue, String meaning) {}

  /** Every setting, in README order. */
  public static final List<Setting> SETTINGS =
      List.of(
          new Setting("UJM_PORT", "8080", "HTTP port"),
          new Setting("UJM_BIND", "127.0.0.1", "address the HTTP server binds to"),
          new Setting(
              "UJM_DATA_DIR", "./data", "directory of the embedded store and the admin key"),
          new Setting("UJM_STORE", "sqlite", "sqlite (embedded) or redis-mongo (distributed)"),
          new Setting("UJM_REDIS_URI", "redis://127.0.0.1:6379", "Redis of the distributed store"),
          new Setting(
              "UJM_MONGO_URI", "mongodb://127.0.0.1:27017", "MongoDB of the distributed store"),
          new Setting("UJM_MONGO_DB", "ujm", "MongoDB database name"),
          new Setting(
              "UJM_ADMIN_KEY",
              "(generated)",
              "admin API key; generated into <data dir>/admin.key when unset"),
          new Setting("UJM_WORKERS", "16", "worker pool size of each queue"),
          new Setting(
              "UJM_WORKERS_<QUEUE>",
              "UJM_WORKERS",
              "pool size of one queue, e.g. UJM_WORKERS_CRAWL=4, or a range to autoscale in, e.g. 2..16"),
          new Setting(
              "UJM_LEASE_SECONDS", "30", "a claimed job's lease; an expired lease is requeued"),
          new Setting("UJM_HEARTBEAT_SECONDS", "10", "how often workers extend their leases"),
          new Setting(
              "UJM_CHECKPOINT_SECONDS", "30", "how often running jobs' checkpoints are saved"),
          new Setting("UJM_RETENTION_DAYS", "7", "finished jobs older than this are purged"),
          new Setting(
              "UJM_RETRY_BASE_SECONDS",
              "5",
              "a failed attempt's first retry waits between half and all of this"),
          new Setting(
              "UJM_RETRY_MAX_SECONDS", "3600", "the retry wait doubles per attempt up to this"),
          new Setting(
              "UJM_AUDIT_RETENTION_DAYS",
              "0",
              "audit trails of purged jobs older than this are deleted; 0 keeps them forever"),
          new Setting("UJM_MAX_PAYLOAD_BYTES", "1048576", "largest accepted request body"),
          new Setting(
              "UJM_SYNC_WAIT_SECONDS", "30", "how long POST /api/v1/crawl waits for its result"),
          new Setting("LOG_LEVEL", "INFO", "TRACE, DEBUG, INFO, WARN or ERROR"));

  /** The defaults alone. */
  public static UjmConfig defaults() {
    return from(Map.of());
  }

  /**
   * Reads and checks a configuration.
   *
   * @param values environment-style names to values (the process environment with flags already
   *     laid over it)
   * @throws ConfigException listing every bad value, one per line
   */
  public static UjmConfig from(Map<String, String> values) {
    Reader r = new Reader(values);
    int port = r.intIn("UJM_PORT", 8080, 0, 65535);
    String bind = r.string("UJM_BIND", "127.0.0.1");
    Path dataDir = Path.of(r.string("UJM_DATA_DIR", "./data"));
    String store = r.string("UJM_STORE", "sqlite").toLowerCase(Locale.ROOT);
    if (!store.matches("[a-z][a-z0-9-]{0,31}")) {
      r.error("UJM_STORE", store, "must name a store: sqlite, redis-mongo or memory");
    }
    int workers = r.intIn("UJM_WORKERS", 16, 1, 10_000);
    Map<String, Integer> perQueue = new TreeMap<>();
    values.forEach(
        (name, value) -> {
          if (name.startsWith("UJM_WORKERS_") && name.length() > "UJM_WORKERS_".length()) {
            String queue = name.substring("UJM_WORKERS_".length()).toLowerCase(Locale.ROOT);
            if (value != null && value.contains("..")) {
              // an autoscaling range: the pool starts at its floor (see autoscale())
              ScaleRange range = ScaleRange.parse(value).orElse(null);
              if (range == null || range.max() > 10_000) {
                r.error(name, value, "must be a whole number or a range min..max from 0 to 10000");
              } else {
                perQueue.put(queue, range.min());
              }
            } else {
              perQueue.put(queue, r.intIn(name, workers, 0, 10_000));
            }
          }
        });
    int lease = r.intIn("UJM_LEASE_SECONDS", 30, 1, 86_400);
    int heartbeat = r.intIn("UJM_HEARTBEAT_SECONDS", 10, 1, 86_400);
    if (heartbeat >= lease && r.ok("UJM_HEARTBEAT_SECONDS") && r.ok("UJM_LEASE_SECONDS")) {
      r.error(
          "UJM_HEARTBEAT_SECONDS",
          String.valueOf(heartbeat),
          "must be shorter than UJM_LEASE_SECONDS (" + lease + ")");
    }
    int checkpoint = r.intIn("UJM_CHECKPOINT_SECONDS", 30, 1, 86_400);
    int retentionDays = r.intIn("UJM_RETENTION_DAYS", 7, 0, 36_500);
    int retryBase = r.intIn("UJM_RETRY_BASE_SECONDS", 5, 1, 86_400);
    int retryMax = r.intIn("UJM_RETRY_MAX_SECONDS", 3_600, 1, 7 * 86_400);
    if (retryMax < retryBase && r.ok("UJM_RETRY_BASE_SECONDS") && r.ok("UJM_RETRY_MAX_SECONDS")) {
      r.error(
          "UJM_RETRY_MAX_SECONDS",
          String.valueOf(retryMax),
          "must be at least UJM_RETRY_BASE_SECONDS (" + retryBase + ")");
    }
    int auditRetentionDays = r.intIn("UJM_AUDIT_RETENTION_DAYS", 0, 0, 36_500);
    long maxPayload = r.intIn("UJM_MAX_PAYLOAD_BYTES", 1_048_576, 1_024, Integer.MAX_VALUE);
    int syncWait = r.intIn("UJM_SYNC_WAIT_SECONDS", 30, 0, 3_600);
    String logLevel = r.string("LOG_LEVEL", "INFO").toUpperCase(Locale.ROOT);
    if (!List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF").contains(logLevel)) {
      r.error("LOG_LEVEL", logLevel, "must be TRACE, DEBUG, INFO, WARN, ERROR or OFF");
    }
    r.throwIfBad();
    Map<String, String> settings = new TreeMap<>();
    values.forEach(
        (name, value) -> {
          if (name.startsWith("UJM_")) {
            settings.put(name, value);
          }
        });
    return new UjmConfig(
        port,
        bind,
        dataDir,
        store,
        r.string("UJM_REDIS_URI", "redis://127.0.0.1:6379"),
        r.string("UJM_MONGO_URI", "mongodb://127.0.0.1:27017"),
        r.string("UJM_MONGO_DB", "ujm"),
        r.string("UJM_ADMIN_KEY", null),
        workers,
        Map.copyOf(perQueue),
        Duration.ofSeconds(lease),
        Duration.ofSeconds(heartbeat),
        Duration.ofSeconds(checkpoint),
        Duration.ofDays(retentionDays),
        Duration.ofSeconds(retryBase),
        Duration.ofSeconds(retryMax),
        Duration.ofDays(auditRetentionDays),
        maxPayload,
        Duration.ofSeconds(syncWait),
        logLevel,
        Map.copyOf(settings));
  }

  /** The queues whose pools autoscale, from {@code UJM_WORKERS_<QUEUE>=min..max}. */
  public Map<String, ScaleRange> autoscale() {
    return ScaleRange.fromSettings(settings);
  }

  /** The pool size of one queue. */
  public int workersFor(String queue) {
    return workersPerQueue.getOrDefault(queue.toLowerCase(Locale.ROOT), workers);
  }

  /** Collects values and errors; errors are reported together. */
  private static final class Reader {
    private final Map<String, String> values;
    private final Map<String, String> errors = new LinkedHashMap<>();

    Reader(Map<String, String> values) {
      this.values = values;
    }

    String string(String name, String fallback) {
      String v = values.get(name);
      return v == null || v.isBlank() ? fallback : v.trim();
    }

    int intIn(String name, int fallback, int min, int max) {
      String v = values.get(name);
      if (v == null || v.isBlank()) {
        return fallback;
      }
      try {
        int n = Integer.parseInt(v.trim());
        if (n < min || n > max) {
          error(name, v, "must be a whole number from " + min + " to " + max);
          return fallback;
        }
        return n;
      } catch (NumberFormatException e) {
        error(name, v, "must be a whole number from " + min + " to " + max);
        return fallback;
      }
    }

    boolean ok(String name) {
      return !errors.containsKey(name);
    }

    void error(String name, String value, String rule) {
      errors.put(name, name + "='" + value + "' " + rule);
    }

    void throwIfBad() {
      if (!errors.isEmpty()) {
        throw new ConfigException(new ArrayList<>(errors.values()));
      }
    }
  }
}
