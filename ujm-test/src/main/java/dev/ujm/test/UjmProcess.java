package dev.ujm.test;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code ujm serve} as a separate JVM on a free port, so a test can {@code kill -9} it and
 * start it again on the same data directory. The child uses this test's class path; its output goes
 * to {@code <dataDir>/serve-N.log}.
 */
public final class UjmProcess implements AutoCloseable {
  public static final String ADMIN_KEY = "ujm-test-admin-key-0123456789abcdef";

  /**
   * The class the child runs, with {@code serve} and its flags: the main class of {@code ujm.jar},
   * so the child runs what {@code java -jar ujm.jar serve} (the launcher, the container image)
   * runs.
   */
  public static final String MAIN_CLASS = "dev.ujm.server.Main";

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static int launches;

  private final Process process;
  private final int port;

  private UjmProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts {@code serve} on the data directory with extra environment settings. */
  public static UjmProcess start(Path dataDir, Map<String, String> env) throws IOException {
    int port = freePort();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(MAIN_CLASS);
    command.add("serve");
    command.add("--port");
    command.add(String.valueOf(port));
    command.add("--data-dir");
    command.add(dataDir.toString());
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("UJM_ADMIN_KEY", ADMIN_KEY);
    builder.environment().put("UJM_BIND", "127.0.0.1");
    // Each start would otherwise warm up for seconds first; a test that measures none of it asks.
    builder.environment().put("UJM_WARMUP_SECONDS", "0");
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    builder.redirectOutput(dataDir.resolve("serve-" + (++launches) + ".log").toFile());
    return new UjmProcess(builder.start(), port);
  }

  public int port() {
    return port;
  }

  /** The child's process id. */
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * True once {@code /health} answers 200.
   *
   * @throws IllegalStateException when the process has exited, so an await fails at once instead of
   *     timing out
   */
  public boolean isHealthy() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "ujm serve exited with code "
              + process.exitValue()
              + "; see its log in the data directory");
    }
    try {
      return send(HttpRequest.newBuilder(uri("/health")).GET()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** GET a JSON resource of the API as the admin. */
  public JsonNode getJson(String path) throws IOException {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + ADMIN_KEY).GET());
    if (response.statusCode() != 200) {
      throw new IOException(
          "GET " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return Json.mapper().readTree(response.body());
  }

  /** POST a JSON body as the admin; returns the parsed answer. */
  public JsonNode postJson(String path, Object body) throws IOException {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body))));
    if (response.statusCode() >= 300) {
      throw new IOException(
          "POST " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return Json.mapper().readTree(response.body());
  }

  /** Counts of jobs per state over all queues, from {@code /api/v2/queues}. */
  public Map<String, Long> totals() throws IOException {
    JsonNode totals = getJson("/api/v2/queues").path("totals");
    return Json.mapper()
        .convertValue(
            totals,
            Json.mapper().getTypeFactory().constructMapType(Map.class, String.class, Long.class));
  }

  /** {@code kill -9}: the JVM gets no chance to hand anything back. */
  public void killHard() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        killHard();
      }
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
    try {
      return HTTP.send(
          request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
