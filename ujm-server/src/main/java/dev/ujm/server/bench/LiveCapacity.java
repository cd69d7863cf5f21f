package dev.ujm.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The capacity phase of {@code ujm bench live}: a {@code ujm serve} of its own (so its memory is
 * the server's alone), many WebSocket clients from this process, the server's heap after a full GC
 * ({@code jcmd GC.run}, then {@code /metrics}) and resident memory before and after.
 */
final class LiveCapacity {
  private final PrintWriter out;
  private final String adminKey;
  private final HttpClient http = HttpClient.newHttpClient();

  LiveCapacity(PrintWriter out, String adminKey) {
    this.out = out;
    this.adminKey = adminKey;
  }

  void run(int clients, int users) throws Exception {
    try (ServeProcess serve = ServeProcess.start(adminKey, Map.of("UJM_WORKERS", "4"))) {
      run(serve, clients, users);
    }
  }

  private void run(ServeProcess serve, int clients, int users) throws Exception {
    Process server = serve.process();
    int port = serve.url().getPort();
    List<WebSocket> sockets = new ArrayList<>();
    try {
      URI base = serve.url();
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < users; i++) {
        JsonNode created =
            call(
                base,
                "POST",
                "/api/v2/keys",
                adminKey,
                "{\"role\":\"user\",\"userId\":\"u" + i + "\"}");
        keys.add(created.path("key").asText());
      }
      Memory before = memory(server, base);
      AtomicInteger subscribed = new AtomicInteger();
      AtomicInteger completed = new AtomicInteger();
      long connectStart = System.nanoTime();
      List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        String key = keys.get(i % users);
        opening.add(
            http.newWebSocketBuilder()
                .buildAsync(
                    URI.create("ws://127.0.0.1:" + port + "/api/v2/ws?apiKey=" + key),
                    listener(subscribed, completed)));
        if (opening.size() >= 200) {
          drain(opening, sockets);
        }
      }
      drain(opening, sockets);
      long connected = System.nanoTime() - connectStart;
      await(() -> subscribed.get() >= clients, "every client subscribed");
      Memory after = memory(server, base);
      long runStart = System.nanoTime();
      for (String key : keys) {
        call(base, "POST", "/api/v2/jobs", key, "{\"type\":\"noop\"}");
      }
      await(() -> completed.get() >= clients, "every client saw its job complete");
      long delivered = System.nanoTime() - runStart;
      out.printf(
          "%nujm bench live --clients %d --users %d: WebSocket clients on one ujm serve (its own JVM)%n",
          clients, users);
      out.printf("%-34s %12s %12s%n", "", "before", "after");
      out.printf(
          "%-34s %9.1f MiB %9.1f MiB%n",
          "server heap after a full GC", before.heap / 1048576.0, after.heap / 1048576.0);
      out.printf(
          "%-34s %9.1f MiB %9.1f MiB%n",
          "server resident memory", before.rss / 1048576.0, after.rss / 1048576.0);
      out.printf(
          "heap per connected client: %.1f KiB; resident per client: %.1f KiB%n",
          (after.heap - before.heap) / 1024.0 / clients,
          (after.rss - before.rss) / 1024.0 / clients);
      out.printf(
          "connected in %.1f s; one job per user (%d jobs): all %d clients had its completion %.2f s after the first submit%n",
          connected / 1e9, users, clients, delivered / 1e9);
      out.flush();
    } finally {
      sockets.forEach(WebSocket::abort);
    }
  }

  private static void drain(List<CompletableFuture<WebSocket>> opening, List<WebSocket> sockets) {
    for (CompletableFuture<WebSocket> f : opening) {
      sockets.add(f.orTimeout(60, TimeUnit.SECONDS).join());
    }
    opening.clear();
  }

  private static WebSocket.Listener listener(AtomicInteger subscribed, AtomicInteger completed) {
    return new WebSocket.Listener() {
      private final StringBuilder partial = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          String text = partial.toString();
          partial.setLength(0);
          if (text.contains("\"event\":\"ready\"")) {
            ws.sendText("{\"action\":\"subscribe\",\"scope\":\"own\"}", true);
          } else if (text.contains("\"event\":\"subscribed\"")) {
            subscribed.incrementAndGet();
          } else if (text.contains("\"state\":\"completed\"")) {
            completed.incrementAndGet();
          }
        }
        ws.request(1);
        return null;
      }
    };
  }

  private record Memory(long heap, long rss) {}

  /** The server's heap after a full GC, and its resident set. */
  private Memory memory(Process server, URI base) throws Exception {
    Path jcmd =
        Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd");
    if (Files.isExecutable(jcmd)) {
      new ProcessBuilder(jcmd.toString(), String.valueOf(server.pid()), "GC.run")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor(60, TimeUnit.SECONDS);
    }
    String metrics =
        http.send(
                HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    long heap = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{area=\"heap\"")) {
        heap += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    long rss = 0;
    for (String line : Files.readAllLines(Path.of("/proc/" + server.pid() + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return new Memory(heap, rss);
  }

  private JsonNode call(URI base, String method, String path, String key, String body)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(
          method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return Json.mapper().readTree(response.body());
  }

  private static void await(BooleanSupplier done, String what) throws InterruptedException {
    Waits.untilInProcess(
        done,
        Duration.ofMinutes(5),
        Duration.ofMillis(50),
        () -> "timed out waiting until " + what);
  }
}
