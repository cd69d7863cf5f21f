package dev.ujm.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ujm.api.SubmitJobRequest;
import dev.ujm.client.UjmClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ujm serve} as its own process: what it prints (where it listens, where the dashboards are,
 * how the client commands find it), the admin key it makes, and a graceful stop on SIGTERM.
 */
class ServeProcessTest {
  private static final Pattern LISTENING =
      Pattern.compile("UJM is listening on (http://127\\.0\\.0\\.1:\\d+/)");
  @TempDir Path dir;

  /** Starts serve with its temporary directory in {@code tmp}, warming up for that many seconds. */
  private Process serve(Path log, int warmupSeconds) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Files.createDirectories(tmp());
    ProcessBuilder builder =
        new ProcessBuilder(
            java,
            "-Xmx256m",
            "-Djava.io.tmpdir=" + tmp(),
            "-cp",
            System.getProperty("java.class.path"),
            "dev.ujm.server.Main",
            "serve",
            "--port",
            "0",
            "--data-dir",
            dir.resolve("data").toString(),
            "--workers",
            "2",
            "--warmup-seconds",
            String.valueOf(warmupSeconds));
    builder.environment().remove("UJM_ADMIN_KEY");
    builder.environment().put("LOG_LEVEL", "INFO");
    builder.redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    return builder.start();
  }

  private Path tmp() {
    return dir.resolve("tmp");
  }

  private static String url(Path log, Process process) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException("serve exited: " + Files.readString(log));
              }
              return LISTENING.matcher(Files.readString(log)).find();
            });
    try {
      Matcher m = LISTENING.matcher(Files.readString(log));
      assertThat(m.find()).isTrue();
      return m.group(1);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The first start warms up (on a scratch server whose jobs never reach the data directory: the
   * second start lists only the one job submitted here) and leaves nothing in the temporary
   * directory; the second skips the warm-up.
   */
  @Test
  void serve_prints_where_it_listens_writes_a_private_admin_key_and_stops_gracefully_on_sigterm()
      throws Exception {
    Path log = dir.resolve("serve.log");
    Process process = serve(log, 1);
    try {
      String url = url(log, process);
      Path keyFile = dir.resolve("data").resolve("admin.key");
      assertThat(keyFile).exists();
      assertThat(Files.getPosixFilePermissions(keyFile))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      String adminKey = Files.readString(keyFile).trim();
      assertThat(Files.readString(dir.resolve("data").resolve("node.id")).trim())
          .startsWith("node-");

      UjmClient client = UjmClient.builder(java.net.URI.create(url)).apiKey(adminKey).build();
      assertThat(client.health().status()).isEqualTo("up");
      String id = client.submit(SubmitJobRequest.of("noop", null)).job().id();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> client.get(id).state().equals("completed"));

      process.destroy();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String output = Files.readString(log);
      assertThat(output)
          .contains("admin API key")
          .contains(keyFile.toAbsolutePath().toString())
          .contains("stopped");
      assertThat(output).doesNotContain(adminKey);
      assertThat(output).contains("POST /api/v2/jobs 201").contains("requestId=");
      assertThat(output)
          .contains("warming up for up to 1 s")
          .containsPattern("warmed up: [1-9]\\d* no-op jobs submitted and [1-9]\\d* completed")
          .containsOnlyOnce("schema migrated to version 1:"); // the scratch store's is not logged
      assertThat(output.indexOf("warmed up")).isLessThan(output.indexOf("UJM is listening"));
      try (var left = Files.list(tmp())) {
        assertThat(left.filter(p -> p.getFileName().toString().startsWith("ujm-warmup"))).isEmpty();
      }
      assertThat(output)
          .contains("dashboard " + url + " ")
          .contains("admin monitor " + url + "admin")
          .contains("stays in the foreground")
          .contains("export UJM_URL=" + url.substring(0, url.length() - 1))
          .contains("UJM_API_KEY=$(cat " + keyFile.toAbsolutePath() + ")");
    } finally {
      process.destroyForcibly();
    }

    Path second = dir.resolve("serve-2.log");
    Process again = serve(second, 0);
    try {
      String url = url(second, again);
      String adminKey = Files.readString(dir.resolve("data").resolve("admin.key")).trim();
      UjmClient client = UjmClient.builder(java.net.URI.create(url)).apiKey(adminKey).build();
      assertThat(client.list(dev.ujm.client.JobFilter.any()).items()).hasSize(1);
      assertThat(List.of(Files.readString(second)))
          .noneMatch(s -> s.contains("generated into"))
          .noneMatch(s -> s.contains("warming up"));
    } finally {
      again.destroy();
      again.waitFor(30, TimeUnit.SECONDS);
      again.destroyForcibly();
    }
  }
}
