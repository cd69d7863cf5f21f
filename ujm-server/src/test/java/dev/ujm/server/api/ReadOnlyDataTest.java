package dev.ujm.server.api;

import static dev.ujm.server.api.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.test.SmallFileSystem;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory on a file system that can only be read: the jobs in it are served, writes are
 * refused with 503 and a reason, and {@code /ready} says so. An empty one says "permission denied"
 * and names the directory. Needs root to mount a tmpfs read-only; skipped elsewhere.
 */
class ReadOnlyDataTest {
  @TempDir Path dir;

  @BeforeEach
  void needsAFileSystemToMount() {
    assumeTrue(SmallFileSystem.isAvailable(), "mounting a small tmpfs needs root on Linux");
  }

  @Test
  void a_read_only_data_directory_serves_its_jobs_and_refuses_writes_with_503() throws Exception {
    try (SmallFileSystem disk = SmallFileSystem.mount(dir.resolve("disk"), 16)) {
      Path data = disk.path().resolve("data");
      String id;
      try (ServerFixture ujm = ServerFixture.start(data)) {
        id =
            ServerFixture.json(ujm.post("/api/v2/jobs", "{\"type\":\"echo\",\"payload\":{}}"))
                .path("id")
                .asText();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> ujm.admin().get(id).state().equals("completed"));
      }
      disk.remountReadOnly();
      try (ServerFixture ujm = ServerFixture.start(data, Map.of(), b -> {})) {
        assertThat(ujm.send("GET", "/health", null, null).statusCode()).isEqualTo(200);
        HttpResponse<String> job = ujm.get("/api/v2/jobs/" + id);
        assertThat(job.statusCode()).as(job.body()).isEqualTo(200);
        assertThat(ServerFixture.json(job).path("state").asText()).isEqualTo("completed");
        assertThat(ServerFixture.json(ujm.get("/api/v2/jobs")).path("items")).hasSize(1);
        assertThat(ServerFixture.json(ujm.get("/api/v2/jobs/" + id + "/history")).path("items"))
            .hasSize(3);

        JsonNode refused =
            assertProblem(ujm.post("/api/v2/jobs", "{\"type\":\"noop\"}"), 503, "read-only");
        assertThat(refused.path("detail").asText()).contains("read-only");
        HttpResponse<String> ready = ujm.send("GET", "/ready", null, null);
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ServerFixture.json(ready).path("backends").path("store").path("detail").asText())
            .contains("read-only")
            .contains("reads are served");
      } finally {
        disk.remountReadWrite();
      }
    }
  }

  @Test
  void an_empty_read_only_data_directory_says_permission_denied_and_names_the_directory()
      throws Exception {
    try (SmallFileSystem disk = SmallFileSystem.mount(dir.resolve("disk"), 4)) {
      Path data = disk.path().resolve("data");
      Files.createDirectories(data);
      disk.remountReadOnly();
      try (ServerFixture ujm =
          ServerFixture.start(data, Map.of(), b -> b.reconnectEvery(Duration.ofSeconds(60)))) {
        HttpResponse<String> ready = ujm.send("GET", "/ready", null, null);
        assertThat(ready.statusCode()).isEqualTo(503);
        String why =
            ServerFixture.json(ready).path("backends").path("store").path("detail").asText();
        assertThat(why)
            .contains("permission denied")
            .contains(data.toString())
            .doesNotContain(".tmp");
        JsonNode refused =
            assertProblem(
                ujm.post("/api/v2/jobs", "{\"type\":\"noop\"}"), 503, "backend-unavailable");
        assertThat(refused.path("detail").asText()).contains("permission denied");
      } finally {
        disk.remountReadWrite();
      }
    }
  }
}
