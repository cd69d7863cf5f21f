package dev.ujm.server.bench;

import dev.ujm.core.config.UjmConfig;
import dev.ujm.server.UjmServer;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ujm bench submit}: an open-loop load generator for {@code POST /api/v2/jobs}.
 *
 * <ol>
 *   <li>Start a server in this process on a fresh embedded store (or use {@code --url} and {@code
 *       --api-key}).
 *   <li>Send no-op submits on a fixed schedule over a fixed set of keep-alive connections ({@link
 *       KeepAliveLoad}); a late answer does not move the schedule, so queueing shows up in the
 *       numbers (no coordinated omission).
 *   <li>Measure each latency from the request's scheduled send time to its answer; drop the
 *       warm-up.
 *   <li>Print p50, p99, p99.9 and max; with {@code --find-max}, raise the rate step by step until
 *       p99 passes the limit and report the highest rate held.
 * </ol>
 *
 * <p>The load above shares the JVM it measures. With {@code --external} the load comes from
 * autocannon in a process of its own, against a {@code ujm serve} of its own JVM and against a
 * trivial server, the floor ({@link ExternalSubmitLoad}).
 */
@Command(
    name = "submit",
    description =
        "HTTP submit latency at a fixed rate (open loop); with --external, from autocannon in its"
            + " own process next to a trivial server.")
final class SubmitLatencyBench implements Runnable {
  private static final String BENCH_KEY = "ujm-bench-admin-key-0123456789abcdef";

  @Spec CommandSpec spec;

  @Option(
      names = "--rate",
      defaultValue = "1000",
      description = "Submits per second (default ${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--duration",
      description = "Measured time per rate, e.g. 30s or 2m (default 30s; 15s with --external).")
  String duration;

  @Option(
      names = "--warmup",
      description = "Unmeasured time before each rate (default 5s; 20s with --external).")
  String warmup;

  @Option(
      names = "--external",
      description =
          "Load from autocannon in its own process (needs Node and npm), a fresh ujm serve of its"
              + " own JVM per round, and a trivial Node server as the floor.")
  boolean external;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description = "Rounds of --external; medians are reported (default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--find-max",
      description = "Raise the rate by --step until p99 exceeds --p99-limit-ms.")
  boolean findMax;

  @Option(
      names = "--step",
      defaultValue = "500",
      description = "Rate step of --find-max (default ${DEFAULT-VALUE}).")
  int step;

  @Option(
      names = "--p99-limit-ms",
      defaultValue = "5",
      description = "The p99 limit of --find-max (default ${DEFAULT-VALUE}).")
  double p99LimitMs;

  @Option(
      names = "--connections",
      description = "Keep-alive connections of the load (default 64; 32 with --external).")
  Integer connections;

  @Option(
      names = "--ujm-jar",
      description =
          "With --external: measure the ujm serve of this jar; give it several times to compare"
              + " builds in the same rounds.")
  java.util.List<Path> ujmJars = new java.util.ArrayList<>();

  @Option(names = "--url", description = "A running server to measure instead of one started here.")
  URI url;

  @Option(names = "--api-key", description = "API key for --url (default: UJM_API_KEY).")
  String apiKey;

  @Override
  public void run() {
    BenchCommand.quietLogs();
    PrintWriter out = spec.commandLine().getOut();
    if (external) {
      runExternal(out);
      return;
    }
    if (duration == null) {
      duration = "30s";
    }
    if (warmup == null) {
      warmup = "5s";
    }
    if (connections == null) {
      connections = 64;
    }
    Path dir = null;
    UjmServer server = null;
    try {
      URI target = url;
      String key = apiKey != null ? apiKey : System.getenv("UJM_API_KEY");
      if (target == null) {
        dir = ScratchDirectory.create("ujm-bench");
        Map<String, String> env = new HashMap<>();
        env.put("UJM_PORT", "0");
        env.put("UJM_DATA_DIR", dir.toString());
        env.put("UJM_ADMIN_KEY", BENCH_KEY);
        env.put("LOG_LEVEL", "WARN");
        server = UjmServer.start(UjmConfig.from(env));
        target = server.url();
        key = BENCH_KEY;
      }
      out.printf(
          "ujm bench submit --rate %d --duration %s%s against %s%n",
          rate, duration, findMax ? " --find-max" : "", target);
      out.printf(
          "%8s %10s %9s %9s %9s %9s %7s%n",
          "rate/s", "requests", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "errors");
      int current = rate;
      int bestHeld = 0;
      while (true) {
        Result r = measure(target, key, current);
        out.printf(
            "%8d %10d %9.2f %9.2f %9.2f %9.2f %7d%n",
            current, r.count, r.p50 / 1e6, r.p99 / 1e6, r.p999 / 1e6, r.max / 1e6, r.errors);
        out.flush();
        boolean held = r.errors == 0 && r.p99 / 1e6 < p99LimitMs;
        if (held) {
          bestHeld = current;
        }
        if (!findMax || !held) {
          break;
        }
        current += step;
      }
      if (findMax) {
        out.printf(
            "highest rate held with p99 under %.1f ms: %d submits/s%n", p99LimitMs, bestHeld);
      }
    } finally {
      if (server != null) {
        server.close();
      }
      ScratchDirectory.delete(dir);
    }
  }

  private void runExternal(PrintWriter out) {
    try {
      NodeScripts node = NodeScripts.prepare();
      new ExternalSubmitLoad(
              out,
              node,
              rate,
              connections == null ? 32 : connections,
              parse(warmup == null ? "20s" : warmup),
              parse(duration == null ? "15s" : duration))
          .run(rounds, url, apiKey != null ? apiKey : System.getenv("UJM_API_KEY"), ujmJars);
    } catch (NodeScripts.Unavailable e) {
      spec.commandLine().getErr().println(e.getMessage());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private record Result(int count, double p50, double p99, double p999, double max, int errors) {}

  private Result measure(URI target, String key, int perSecond) {
    long period = 1_000_000_000L / perSecond;
    long warmupNanos = parse(warmup).toNanos();
    int total = (int) ((warmupNanos + parse(duration).toNanos()) / period);
    int skip = (int) (warmupNanos / period);
    KeepAliveLoad load =
        new KeepAliveLoad(target, "/api/v2/jobs", key, "{\"type\":\"noop\"}", connections);
    KeepAliveLoad.Run run;
    try {
      run = load.run(total, perSecond, 201);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (run.firstError() != null) {
      spec.commandLine().getErr().printf("first error at %d/s: %s%n", perSecond, run.firstError());
    }
    int count = total - skip;
    long[] measured = new long[count];
    System.arraycopy(run.latencies(), skip, measured, 0, count);
    return new Result(
        count,
        Samples.percentile(measured, count, 50),
        Samples.percentile(measured, count, 99),
        Samples.percentile(measured, count, 99.9),
        Samples.percentile(measured, count, 100),
        run.errors());
  }

  /** Parses {@code 30s}, {@code 2m}, {@code 500ms}. */
  static Duration parse(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
      }
      if (t.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
      }
      return Duration.ofSeconds(Long.parseLong(t));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "a duration looks like 30s, 2m or 500ms, not '" + text + "'");
    }
  }
}
