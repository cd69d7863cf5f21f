package dev.ujm.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ujm bench submit --external}: the submit latency a client sees when the load comes from
 * another process, next to the floor of the machine.
 *
 * <ol>
 *   <li>Each round starts the floor (a trivial Node HTTP server that reads the body and answers
 *       201) and measures it with autocannon in its own process: {@code warmup} at the rate, then
 *       {@code duration} measured.
 *   <li>Then a fresh {@code ujm serve} of its own JVM (or the server at {@code --url}; with {@code
 *       --ujm-jar}, one of each build named, in turn) under the same load: the measured window
 *       starts {@code warmup} after the server is ready, so a round shows the first minute after a
 *       start, not a server warmed by earlier rounds.
 *   <li>Print each round's p50, p90, p99 and max of both, under a round of a server started here
 *       the commits that waited more than 100 ms for the disk ({@link DiskStalls}, from its log),
 *       then the medians and UJM's p99 over the floor's.
 * </ol>
 */
final class ExternalSubmitLoad {
  private static final String BENCH_KEY = "ujm-bench-admin-key-0123456789abcdef";

  private final PrintWriter out;
  private final NodeScripts node;
  private final int rate;
  private final int connections;
  private final Duration warmup;
  private final Duration duration;

  ExternalSubmitLoad(
      PrintWriter out,
      NodeScripts node,
      int rate,
      int connections,
      Duration warmup,
      Duration duration) {
    this.out = out;
    this.node = node;
    this.rate = rate;
    this.connections = connections;
    this.warmup = warmup;
    this.duration = duration;
  }

  /** What autocannon measured over one window, in milliseconds. */
  private record Window(
      long requests, long errors, double p50, double p90, double p99, double max) {
    static Window of(JsonNode r) {
      return new Window(
          r.path("requests").asLong(),
          r.path("errors").asLong() + r.path("non2xx").asLong(),
          r.path("p50").asDouble(),
          r.path("p90").asDouble(),
          r.path("p99").asDouble(),
          r.path("max").asDouble());
    }
  }

  /**
   * Runs the rounds against a fresh server of each build in turn (this build when there are none),
   * or against the one at url.
   */
  void run(int rounds, URI url, String apiKey, List<Path> builds)
      throws IOException, InterruptedException {
    List<Path> servers = builds.isEmpty() ? java.util.Collections.singletonList(null) : builds;
    out.printf(
        "ujm bench submit --external --rate %d --connections %d --warmup %ds --duration %ds --rounds %d%s%n",
        rate,
        connections,
        warmup.toSeconds(),
        duration.toSeconds(),
        rounds,
        url == null ? "" : " --url " + url);
    out.printf(
        "%-6s %-28s %9s %7s %8s %8s %8s %9s%n",
        "round", "server", "requests", "errors", "p50 ms", "p90 ms", "p99 ms", "max ms");
    Map<String, List<Window>> windows = new java.util.LinkedHashMap<>();
    String floorName = "trivial Node server";
    for (int round = 1; round <= rounds; round++) {
      Window floor = floor();
      print(round, floorName, floor);
      windows.computeIfAbsent(floorName, k -> new ArrayList<>()).add(floor);
      for (Path jar : url != null ? java.util.Collections.<Path>singletonList(null) : servers) {
        String name = jar == null ? "UJM POST /api/v2/jobs" : "UJM " + jar.getFileName();
        Window ujm;
        DiskStalls stalls = DiskStalls.NONE;
        if (url != null) {
          ujm = load(url, apiKey);
        } else {
          try (ServeProcess server = ServeProcess.start(jar, BENCH_KEY, Map.of())) {
            ujm = load(server.url(), BENCH_KEY);
            stalls = DiskStalls.in(server.logLines());
          }
        }
        print(round, name, ujm);
        if (stalls.commits() > 0) {
          out.printf("%-6s %s%n", "", stalls.describe());
        }
        windows.computeIfAbsent(name, k -> new ArrayList<>()).add(ujm);
      }
    }
    double floor99 = Samples.median(windows.get(floorName).stream().map(Window::p99).toList());
    out.printf("medians of %d rounds:%n", rounds);
    windows.forEach(
        (name, measured) -> {
          double p99 = Samples.median(measured.stream().map(Window::p99).toList());
          out.printf(
              "%-28s p50 %6.2f ms  p99 %7.2f ms  p99 ÷ floor's %5.2f×%n",
              name,
              Samples.median(measured.stream().map(Window::p50).toList()),
              p99,
              p99 / floor99);
        });
    out.flush();
  }

  private void print(int round, String server, Window w) {
    out.printf(
        "%-6d %-28s %9d %7d %8.2f %8.2f %8.2f %9.2f%n",
        round, server, w.requests(), w.errors(), w.p50(), w.p90(), w.p99(), w.max());
    out.flush();
  }

  private Window floor() throws IOException, InterruptedException {
    Path log = Files.createTempFile("ujm-bench-floor", ".log");
    int port = ServeProcess.freePort();
    try (ChildProcess server =
        new ChildProcess(node.start("floor-server.mjs", log, String.valueOf(port)), null)) {
      Waits.until(
          () -> {
            if (!server.process().isAlive()) {
              throw new IllegalStateException(
                  "the trivial server did not start: " + Files.readString(log));
            }
            return Files.readString(log).contains("listening");
          },
          Duration.ofSeconds(20),
          Duration.ofMillis(20),
          () -> "the trivial server did not start within 20 s");
      return load(URI.create("http://127.0.0.1:" + port), BENCH_KEY);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private Window load(URI target, String key) throws IOException, InterruptedException {
    String base = target.toString().replaceAll("/+$", "");
    return Window.of(
        node.run(
            "autocannon-load.mjs",
            base,
            key,
            String.valueOf(rate),
            String.valueOf(connections),
            String.valueOf(warmup.toSeconds()),
            String.valueOf(duration.toSeconds())));
  }
}
