package dev.ujm.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ujm.test.UjmProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ujm serve} refuses, in one sentence, what would put a data directory at risk: a second
 * process on a directory another one has open, and an admin key file other users can read.
 */
class DataDirectoryProcessTest {
  @TempDir Path dir;

  /** Runs {@code ujm serve} on the data directory until it exits (it must, within a minute). */
  private Finished serveUntilItExits(Path dataDir, Map<String, String> env) throws Exception {
    Path log = dir.resolve("refused.log");
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(
            java,
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.ujm.server.Main",
            "serve",
            "--port",
            "0",
            "--data-dir",
            dataDir.toString());
    builder.environment().remove("UJM_ADMIN_KEY");
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    Process process = builder.start();
    try {
      assertThat(process.waitFor(60, TimeUnit.SECONDS))
          .as("serve exits instead of running: %s", Files.readString(log))
          .isTrue();
      return new Finished(process.exitValue(), Files.readAllLines(log));
    } finally {
      process.destroyForcibly();
    }
  }

  private record Finished(int exitCode, List<String> lines) {}

  @Test
  void a_second_serve_on_a_data_directory_in_use_stops_with_one_sentence_naming_the_pid()
      throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    try (UjmProcess first = UjmProcess.start(data, Map.of())) {
      await().atMost(Duration.ofSeconds(60)).until(first::isHealthy);

      Finished second = serveUntilItExits(data, Map.of("UJM_ADMIN_KEY", UjmProcess.ADMIN_KEY));

      assertThat(second.exitCode()).isEqualTo(1);
      assertThat(second.lines())
          .filteredOn(line -> line.startsWith("ujm: "))
          .singleElement()
          .asString()
          .contains("in use by another UJM process (pid " + first.pid() + ")")
          .contains(data.toAbsolutePath().toString());
      assertThat(first.isHealthy()).isTrue();
    }
  }

  @Test
  void an_admin_key_file_other_users_can_read_is_refused_with_one_sentence()
      throws IOException, Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Path key = data.resolve("admin.key");
    Files.writeString(key, "a-key-that-was-copied-here-by-hand\n");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

    Finished refused = serveUntilItExits(data, Map.of());

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.lines())
        .filteredOn(line -> line.startsWith("ujm: "))
        .singleElement()
        .asString()
        .contains(key.toAbsolutePath().toString())
        .contains("chmod 600");
  }
}
