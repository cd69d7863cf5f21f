package dev.ujm.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.ujm.server.engine.DataDirectoryLockedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data directory holds every payload and the API keys' hashes: it is private to the user that
 * runs UJM, and one server at a time has it open.
 */
class DataDirectoryTest {
  @TempDir Path dir;

  @Test
  void a_new_data_directory_is_700_and_every_file_in_it_600_every_directory_700() throws Exception {
    Path data = dir.resolve("data");
    try (ServerFixture ujm = ServerFixture.start(data)) {
      assertThat(ujm.post("/api/v2/jobs", "{\"type\":\"noop\"}").statusCode()).isEqualTo(201);

      assertThat(mode(data)).isEqualTo("rwx------");
      try (var files = Files.list(data)) {
        assertThat(files.toList())
            .extracting(Path::getFileName)
            .extracting(Path::toString)
            .contains("ujm.db", "ujm.db-wal", "ujm.db-shm", "node.id", "ujm.lock");
      }
      try (var files = Files.list(data)) {
        assertThat(files.toList())
            .allSatisfy(
                file ->
                    assertThat(mode(file))
                        .isEqualTo(Files.isDirectory(file) ? "rwx------" : "rw-------"));
      }
    }
  }

  @Test
  void a_database_an_older_version_left_readable_by_others_is_made_private_at_start()
      throws Exception {
    Path data = dir.resolve("data");
    try (ServerFixture ujm = ServerFixture.start(data)) {
      ujm.post("/api/v2/jobs", "{\"type\":\"noop\"}");
    }
    Files.setPosixFilePermissions(
        data.resolve("ujm.db"), PosixFilePermissions.fromString("rw-r--r--"));

    try (ServerFixture ujm = ServerFixture.start(data)) {
      assertThat(mode(data.resolve("ujm.db"))).isEqualTo("rw-------");
      assertThat(ujm.get("/api/v2/jobs").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void a_second_server_on_the_same_data_directory_stops_naming_the_first_ones_pid() {
    try (ServerFixture first = ServerFixture.start(dir)) {
      DataDirectoryLockedException refused =
          catchThrowableOfType(
              DataDirectoryLockedException.class, () -> ServerFixture.start(dir).close());

      assertThat(refused.getMessage())
          .contains(dir.toAbsolutePath().toString())
          .contains("pid " + ProcessHandle.current().pid());
      assertThat(first.get("/api/v2/jobs").statusCode()).isEqualTo(200);
    }
    try (ServerFixture again = ServerFixture.start(dir)) { // the lock went with the first server
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> again.send("GET", "/ready", null, null).statusCode() == 200);
    }
  }

  @Test
  void the_node_id_is_a_random_id_kept_in_the_data_directory_not_the_host_name() throws Exception {
    String first;
    try (ServerFixture ujm = ServerFixture.start(dir, Map.of(), b -> {})) {
      first = ujm.admin().workers().nodeId();
    }
    try (ServerFixture ujm = ServerFixture.start(dir, Map.of(), b -> {})) {
      assertThat(ujm.admin().workers().nodeId()).isEqualTo(first);
    }
    assertThat(first)
        .matches("node-[0-9a-f]{12}")
        .isEqualTo(Files.readString(dir.resolve("node.id")).trim());
  }

  private static String mode(Path file) {
    try {
      return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
