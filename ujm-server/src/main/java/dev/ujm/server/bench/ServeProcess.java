package dev.ujm.server.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@code ujm serve} in a JVM of its own on a fresh data directory and a free port of 127.0.0.1,
 * for the benchmarks that measure the server from outside (its memory, or a load generator in
 * another process): started from this JVM's class path, with the JVM options of {@code
 * UJM_JAVA_OPTS} as {@code ./ujm serve} gives them (an {@code -XX:AOTCache=} made for the same jar,
 * say), and ready once {@code /ready} answers 200. Closing stops it and deletes its data.
 */
final class ServeProcess implements AutoCloseable {
  private final Path dir;
  private final ChildProcess child;
  private final Process process;
  private final URI url;

  private ServeProcess(Path dir, Process process, URI url) {
    this.dir = dir;
    this.child = new ChildProcess(process, dir);
    this.process = process;
    this.url = url;
  }

  /**
   * Starts this build's server with these settings (besides its port, data directory and admin key)
   * and returns once it is ready.
   */
  static ServeProcess start(String adminKey, Map<String, String> settings)
      throws IOException, InterruptedException {
    return start(null, adminKey, settings);
  }

  /**
   * {@link #start(String, Map)} from another build's jar (null: this build), so that two builds can
   * be measured in turn in one run.
   */
  static ServeProcess start(Path jar, String adminKey, Map<String, String> settings)
      throws IOException, InterruptedException {
    Path dir = ScratchDirectory.create("ujm-bench-serve");
    int port = freePort();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java));
    String options = System.getenv().getOrDefault("UJM_JAVA_OPTS", "").strip();
    if (!options.isEmpty()) {
      command.addAll(List.of(options.split("\\s+")));
    }
    command.addAll(
        List.of(
            "-cp",
            jar == null ? System.getProperty("java.class.path") : jar.toString(),
            "dev.ujm.server.Main",
            "serve"));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("serve.log").toFile());
    builder.environment().putAll(settings);
    builder.environment().put("UJM_PORT", String.valueOf(port));
    builder.environment().put("UJM_DATA_DIR", dir.resolve("data").toString());
    builder.environment().put("UJM_ADMIN_KEY", adminKey);
    builder.environment().putIfAbsent("LOG_LEVEL", "WARN");
    ServeProcess server =
        new ServeProcess(dir, builder.start(), URI.create("http://127.0.0.1:" + port));
    try {
      server.awaitReady();
    } catch (IOException | InterruptedException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  URI url() {
    return url;
  }

  /** The server's log so far (standard output and error), undecodable bytes replaced. */
  List<String> logLines() throws IOException {
    return new String(Files.readAllBytes(dir.resolve("serve.log")), StandardCharsets.UTF_8)
        .lines()
        .toList();
  }

  Process process() {
    return process;
  }

  /** A free TCP port of 127.0.0.1 (free when asked: another process may take it in between). */
  static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  private void awaitReady() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    Waits.until(
        () -> {
          if (!process.isAlive()) {
            throw new IllegalStateException(
                "ujm serve exited with "
                    + process.exitValue()
                    + "; see "
                    + dir.resolve("serve.log"));
          }
          try {
            return http.send(
                        HttpRequest.newBuilder(url.resolve("/ready")).build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode()
                == 200;
          } catch (IOException e) {
            return false; // not listening yet
          }
        },
        Duration.ofSeconds(60),
        Duration.ofMillis(50),
        () -> "the server did not become ready within 60 s");
  }

  @Override
  public void close() {
    child.close();
  }
}
