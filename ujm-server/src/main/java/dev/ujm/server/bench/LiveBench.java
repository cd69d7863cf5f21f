package dev.ujm.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.engine.JobService;
import dev.ujm.core.model.Json;
import dev.ujm.core.model.NewJob;
import dev.ujm.server.UjmServer;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ujm bench live}: how long a job's state change takes to reach a WebSocket client and an
 * SSE client, and how many connected WebSocket clients one node holds, with its memory.
 *
 * <ol>
 *   <li>latency: a server on the embedded store in this process, one WebSocket and one SSE client
 *       (admin key, the whole tenant), {@code --jobs} no-op jobs submitted at {@code --rate} (three
 *       state changes each: queued, processing, completed); each event's latency is its arrival
 *       (parsed) minus the instant of the state change it carries, on the same clock;
 *   <li>clients: a {@code ujm serve} started as its own process, {@code --clients} WebSocket
 *       clients connected to it from this one, each subscribed to its own jobs (spread over {@code
 *       --users} keys); the server's heap after a full GC and its resident memory are read before
 *       and after, and one job per user is run to show every client still receives its events.
 * </ol>
 */
@Command(
    name = "live",
    description = "State change to WebSocket/SSE latency, and connected clients per node.")
final class LiveBench implements Runnable {
  private static final String BENCH_KEY = "ujm-bench-admin-key-0123456789abcdef";

  @Spec CommandSpec spec;

  @Option(
      names = "--jobs",
      defaultValue = "4000",
      description = "No-op jobs measured (3 events each; default ${DEFAULT-VALUE}).")
  int jobs;

  @Option(
      names = "--warmup-jobs",
      defaultValue = "1000",
      description = "Jobs run before measuring (default ${DEFAULT-VALUE}).")
  int warmupJobs;

  @Option(
      names = "--rate",
      defaultValue = "500",
      description = "Jobs submitted per second (default ${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--clients",
      defaultValue = "10000",
      description =
          "WebSocket clients of the capacity phase; 0 skips it (default ${DEFAULT-VALUE}).")
  int clients;

  @Option(
      names = "--users",
      defaultValue = "100",
      description = "Keys the clients are spread over (default ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--skip-latency", description = "Only the capacity phase.")
  boolean skipLatency;

  @Override
  public void run() {
    BenchCommand.quietLogs();
    PrintWriter out = spec.commandLine().getOut();
    if (!skipLatency) {
      latency(out);
    }
    if (clients > 0) {
      try {
        new LiveCapacity(out, BENCH_KEY).run(clients, users);
      } catch (Exception e) {
        throw new IllegalStateException("the capacity phase failed: " + e, e);
      }
    }
  }

  private void latency(PrintWriter out) {
    Path dir = ScratchDirectory.create("ujm-bench-live");
    Map<String, String> env = new HashMap<>();
    env.put("UJM_PORT", "0");
    env.put("UJM_DATA_DIR", dir.toString());
    env.put("UJM_ADMIN_KEY", BENCH_KEY);
    env.put("UJM_WORKERS", "16");
    env.put("LOG_LEVEL", "WARN");
    try (UjmServer server = UjmServer.start(UjmConfig.from(env))) {
      int port = server.port();
      Recorder ws = new Recorder(3 * (jobs + warmupJobs));
      Recorder sse = new Recorder(3 * (jobs + warmupJobs));
      WebSocket socket = openSocket(port, ws);
      HttpResponse<Stream<String>> stream = openEvents(port, sse);
      JobService service = server.backend().engine().jobs();
      out.printf(
          "ujm bench live --jobs %d --rate %d: %d no-op jobs, 3 state events each, one WebSocket"
              + " and one SSE client%n",
          jobs, rate, jobs);
      submit(service, warmupJobs);
      awaitEvents(ws, sse, 3 * warmupJobs);
      ws.reset();
      sse.reset();
      submit(service, jobs);
      awaitEvents(ws, sse, 3 * jobs);
      out.printf(
          "%-10s %8s %9s %9s %9s %9s%n",
          "client", "events", "p50 ms", "p99 ms", "p99.9 ms", "max ms");
      ws.print(out, "WebSocket");
      sse.print(out, "SSE");
      out.flush();
      socket.abort();
      stream.body().close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      ScratchDirectory.delete(dir);
    }
  }

  private void submit(JobService service, int count) {
    long period = 1_000_000_000L / rate;
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long due = start + i * period;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      service.submit(NewJob.ofType("noop").tenant("default").owner("admin").build());
    }
  }

  private static void awaitEvents(Recorder ws, Recorder sse, int count)
      throws InterruptedException {
    Waits.untilInProcess(
        () -> ws.count() >= count && sse.count() >= count,
        Duration.ofMinutes(5),
        Duration.ofMillis(50),
        () -> "events missing: WebSocket " + ws.count() + ", SSE " + sse.count() + " of " + count);
  }

  private static WebSocket openSocket(int port, Recorder recorder) {
    CompletableFuture<Void> subscribed = new CompletableFuture<>();
    WebSocket socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .buildAsync(
                URI.create("ws://127.0.0.1:" + port + "/api/v2/ws?apiKey=" + BENCH_KEY),
                new WebSocket.Listener() {
                  private final StringBuilder partial = new StringBuilder();

                  @Override
                  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                      String text = partial.toString();
                      partial.setLength(0);
                      if (text.contains("\"subscribed\"")) {
                        subscribed.complete(null);
                      } else {
                        recorder.record(text);
                      }
                    }
                    ws.request(1);
                    return null;
                  }
                })
            .join();
    socket.sendText("{\"action\":\"subscribe\",\"scope\":\"all\"}", true).join();
    subscribed.orTimeout(30, TimeUnit.SECONDS).join();
    return socket;
  }

  private static HttpResponse<Stream<String>> openEvents(int port, Recorder recorder)
      throws InterruptedException {
    try {
      HttpResponse<Stream<String>> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:"
                                  + port
                                  + "/api/v2/events?scope=all&apiKey="
                                  + BENCH_KEY))
                      .build(),
                  HttpResponse.BodyHandlers.ofLines());
      Thread.ofPlatform()
          .daemon(true)
          .start(
              () -> {
                try {
                  response
                      .body()
                      .filter(line -> line.startsWith("data: "))
                      .forEach(line -> recorder.record(line.substring(6)));
                } catch (java.io.UncheckedIOException e) {
                  // the stream was closed at the end of the run
                }
              });
      return response;
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot open the event stream", e);
    }
  }

  /** Latencies of the state events one client received, in microseconds. Thread-safe. */
  static final class Recorder {
    private final long[] micros;
    private final AtomicInteger count = new AtomicInteger();

    Recorder(int capacity) {
      this.micros = new long[capacity];
    }

    void record(String json) {
      Instant arrived = Instant.now();
      try {
        JsonNode event = Json.mapper().readTree(json);
        if (!"state".equals(event.path("event").asText())) {
          return;
        }
        Instant at = Instant.parse(event.path("at").asText());
        int i = count.getAndIncrement();
        if (i < micros.length) {
          micros[i] = Duration.between(at, arrived).toNanos() / 1000;
        }
      } catch (java.io.IOException e) {
        throw new IllegalStateException("not an event: " + json, e);
      }
    }

    int count() {
      return count.get();
    }

    void reset() {
      count.set(0);
    }

    void print(PrintWriter out, String name) {
      int n = Math.min(count.get(), micros.length);
      out.printf(
          "%-10s %8d %9.2f %9.2f %9.2f %9.2f%n",
          name,
          n,
          Samples.percentile(micros, n, 50) / 1000,
          Samples.percentile(micros, n, 99) / 1000,
          Samples.percentile(micros, n, 99.9) / 1000,
          Samples.percentile(micros, n, 100) / 1000);
    }
  }
}
