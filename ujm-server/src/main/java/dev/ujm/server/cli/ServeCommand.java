package dev.ujm.server.cli;

import dev.ujm.core.config.ConfigException;
import dev.ujm.core.config.UjmConfig;
import dev.ujm.server.Main;
import dev.ujm.server.StartupWarmup;
import dev.ujm.server.UjmServer;
import dev.ujm.server.engine.AdminKeyFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ujm serve}: runs the service until the process is stopped. Every setting listed in the
 * README is read from its environment variable with the flag over it; a bad value stops the start
 * with one line per bad value (exit 2). On SIGTERM or Ctrl-C the server stops gracefully: no new
 * requests, running jobs handed back.
 */
@Command(name = "serve", description = "Run the UJM service: HTTP API and workers.")
public final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  @ParentCommand private Main main;

  @Option(names = "--port", description = "HTTP port (UJM_PORT, default 8080; 0 takes a free one)")
  private String port;

  @Option(names = "--bind", description = "address to listen on (UJM_BIND, default 127.0.0.1)")
  private String bind;

  @Option(
      names = "--data-dir",
      description =
          "directory of the embedded store and the admin key (UJM_DATA_DIR, default ./data)")
  private String dataDir;

  @Option(names = "--store", description = "sqlite or redis-mongo (UJM_STORE, default sqlite)")
  private String store;

  @Option(names = "--redis-uri", description = "UJM_REDIS_URI")
  private String redisUri;

  @Option(names = "--mongo-uri", description = "UJM_MONGO_URI")
  private String mongoUri;

  @Option(names = "--mongo-db", description = "UJM_MONGO_DB")
  private String mongoDb;

  @Option(
      names = "--admin-key",
      description = "the admin API key (UJM_ADMIN_KEY; prefer the variable, flags show in ps)")
  private String adminKey;

  @Option(
      names = "--workers",
      description = "worker pool size of each queue (UJM_WORKERS, default 16)")
  private String workers;

  @Option(
      names = "--queue-workers",
      paramLabel = "QUEUE=N",
      description = "pool size of one queue, repeatable (UJM_WORKERS_<QUEUE>)")
  private Map<String, String> queueWorkers;

  @Option(names = "--lease-seconds", description = "UJM_LEASE_SECONDS (default 30)")
  private String leaseSeconds;

  @Option(names = "--heartbeat-seconds", description = "UJM_HEARTBEAT_SECONDS (default 10)")
  private String heartbeatSeconds;

  @Option(names = "--checkpoint-seconds", description = "UJM_CHECKPOINT_SECONDS (default 30)")
  private String checkpointSeconds;

  @Option(names = "--retention-days", description = "UJM_RETENTION_DAYS (default 7)")
  private String retentionDays;

  @Option(
      names = "--audit-retention-days",
      description = "UJM_AUDIT_RETENTION_DAYS (default 0: keep the audit trails of purged jobs)")
  private String auditRetentionDays;

  @Option(names = "--max-payload-bytes", description = "UJM_MAX_PAYLOAD_BYTES (default 1048576)")
  private String maxPayloadBytes;

  @Option(names = "--sync-wait-seconds", description = "UJM_SYNC_WAIT_SECONDS (default 30)")
  private String syncWaitSeconds;

  @Option(
      names = "--queues-strict",
      paramLabel = "true|false",
      description =
          "refuse jobs for queues no worker pool serves (UJM_QUEUES_STRICT, default false)")
  private String queuesStrict;

  @Option(
      names = "--warmup-seconds",
      description =
          "how long to run the hot paths before starting, on a private scratch server"
              + " (UJM_WARMUP_SECONDS, default 30, less once the JIT is quiet; 0 skips it)")
  private String warmupSeconds;

  @Option(
      names = "--log-level",
      description = "LOG_LEVEL: TRACE, DEBUG, INFO (default), WARN or ERROR")
  private String logLevel;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = main.out();
    PrintWriter err = main.err();
    UjmConfig config;
    try {
      config = UjmConfig.from(settings());
      UjmServer.checkConfig(config);
    } catch (ConfigException e) {
      e.problems().forEach(p -> err.println("ujm: " + p));
      err.flush();
      return Main.USAGE;
    }
    LogLevels.apply(config.logLevel());
    UjmServer server =
        UjmServer.builder(config).beforeStoreOpens(() -> warmUp(config, out)).start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "ujm-shutdown"));
    String url = server.url().toString();
    String base = url.substring(0, url.length() - 1);
    out.println("UJM is listening on " + url);
    out.println("  API " + url + "api/v2/jobs   description " + url + "openapi.json");
    out.println(
        "  dashboard " + url + "   admin monitor " + url + "admin (sign in with an API key)");
    String keyFile = config.dataDir().resolve(AdminKeyFile.FILE).toAbsolutePath().toString();
    if (config.adminKey() == null) {
      out.println("  admin API key: " + keyFile);
    }
    out.println(
        "  this command stays in the foreground (Ctrl-C stops it); in another terminal the client"
            + " commands talk to UJM_URL (default "
            + ClientOptions.DEFAULT_URL
            + "):");
    out.println(
        "    export UJM_URL="
            + base
            + " UJM_API_KEY="
            + (config.adminKey() == null ? "$(cat " + keyFile + ")" : "$UJM_ADMIN_KEY")
            + "; ./ujm list");
    if (!server.backend().isUp()) {
      out.println(
          "  the "
              + config.store()
              + " job store is not available yet ("
              + server.backend().readiness().detail()
              + "); see "
              + url
              + "ready");
    }
    out.flush();
    server.awaitClosed();
    return 0;
  }

  /**
   * Runs the start-up warm-up ({@link StartupWarmup}) once the data directory is held, with its
   * private server's logs held to errors (its slow first requests are not this server's); one that
   * fails is reported and skipped.
   */
  private static void warmUp(UjmConfig config, PrintWriter out) {
    StartupWarmup warmup = StartupWarmup.of(config);
    if (!warmup.enabled()) {
      return;
    }
    out.println(
        "warming up for up to "
            + warmup.budget().toSeconds()
            + " s, so the first jobs run at full speed ("
            + StartupWarmup.SETTING
            + "=0 skips it)");
    out.flush();
    try {
      StartupWarmup.Summary done = heldToErrors(warmup, config.logLevel());
      LOG.info(
          "warmed up: {} no-op jobs submitted and {} completed on a scratch server in {} ms ({})",
          done.submitted(),
          done.completed(),
          done.took().toMillis(),
          done.jitWentQuiet() ? "the JIT went quiet" : "its time ran out");
    } catch (IOException | RuntimeException e) {
      LOG.warn("the start-up warm-up failed and was skipped: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // stopped while warming up: the start is cut short
    }
  }

  /** Runs the warm-up with the logs held to errors, then back at the configured level. */
  private static StartupWarmup.Summary heldToErrors(StartupWarmup warmup, String level)
      throws IOException, InterruptedException {
    LogLevels.apply("ERROR");
    try {
      return warmup.run();
    } finally {
      LogLevels.apply(level);
    }
  }

  /** The environment with the given flags laid over it. */
  Map<String, String> settings() {
    Map<String, String> values = new HashMap<>(main.env());
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("UJM_PORT", port);
    flags.put("UJM_BIND", bind);
    flags.put("UJM_DATA_DIR", dataDir);
    flags.put("UJM_STORE", store);
    flags.put("UJM_REDIS_URI", redisUri);
    flags.put("UJM_MONGO_URI", mongoUri);
    flags.put("UJM_MONGO_DB", mongoDb);
    flags.put("UJM_ADMIN_KEY", adminKey);
    flags.put("UJM_WORKERS", workers);
    flags.put("UJM_LEASE_SECONDS", leaseSeconds);
    flags.put("UJM_HEARTBEAT_SECONDS", heartbeatSeconds);
    flags.put("UJM_CHECKPOINT_SECONDS", checkpointSeconds);
    flags.put("UJM_RETENTION_DAYS", retentionDays);
    flags.put("UJM_AUDIT_RETENTION_DAYS", auditRetentionDays);
    flags.put("UJM_MAX_PAYLOAD_BYTES", maxPayloadBytes);
    flags.put("UJM_SYNC_WAIT_SECONDS", syncWaitSeconds);
    flags.put("UJM_QUEUES_STRICT", queuesStrict);
    flags.put(StartupWarmup.SETTING, warmupSeconds);
    flags.put("LOG_LEVEL", logLevel);
    flags.forEach(
        (name, value) -> {
          if (value != null) {
            values.put(name, value);
          }
        });
    if (queueWorkers != null) {
      queueWorkers.forEach(
          (queue, n) -> values.put("UJM_WORKERS_" + queue.toUpperCase(Locale.ROOT), n));
    }
    return values;
  }
}
