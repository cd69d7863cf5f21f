package dev.ujm.server.api;

import static dev.ujm.server.api.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.test.SmallFileSystem;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data directory on a small file system that fills up: writes answer 507 with a stable problem
 * type while it is full, {@code /ready} answers 503 and says why, and once space is freed the same
 * server takes writes again and every job it accepted completes, without a restart. Needs root to
 * mount a tmpfs; skipped elsewhere (the store's own test covers the same recovery with a capped
 * file).
 */
class FullDiskTest {
  private static final String PAYLOAD = "{\"pad\":\"" + "x".repeat(40_000) + "\"}";
  @TempDir Path dir;

  @Test
  void
      a_full_disk_answers_507_and_ready_503_until_space_is_freed_then_every_accepted_job_completes() {
    assumeTrue(SmallFileSystem.isAvailable(), "mounting a small tmpfs needs root on Linux");
    try (SmallFileSystem disk = SmallFileSystem.mount(dir.resolve("disk"), 24);
        ServerFixture ujm =
            ServerFixture.start(
                disk.path().resolve("data"),
                Map.of("UJM_LEASE_SECONDS", "3", "UJM_HEARTBEAT_SECONDS", "1"),
                b -> {})) {
      List<String> accepted = new ArrayList<>();
      accepted.add(id(ujm.post("/api/v2/jobs", echo())));
      awaitCompleted(ujm, accepted);

      disk.fillLeaving(512 * 1024);
      HttpResponse<String> refused = null;
      for (int i = 0; i < 200 && refused == null; i++) {
        HttpResponse<String> answer = ujm.post("/api/v2/jobs", echo());
        if (answer.statusCode() == 201) {
          accepted.add(id(answer));
        } else {
          refused = answer;
        }
      }

      assertThat(refused).as("a submit refused once the disk is full").isNotNull();
      JsonNode problem = assertProblem(refused, 507, "storage-full");
      assertThat(problem.path("detail").asText()).contains("full");
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
      HttpResponse<String> ready = ujm.send("GET", "/ready", null, null);
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ServerFixture.json(ready).path("backends").path("store").path("detail").asText())
          .contains("full");
      assertThat(ujm.get("/api/v2/jobs/" + accepted.get(0)).statusCode()).isEqualTo(200);

      disk.freeBallast();

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> ujm.send("GET", "/ready", null, null).statusCode() == 200);
      HttpResponse<String> after = ujm.post("/api/v2/jobs", echo());
      assertThat(after.statusCode()).as(after.body()).isEqualTo(201);
      accepted.add(id(after));
      awaitCompleted(ujm, accepted);
    }
  }

  private static String echo() {
    return "{\"type\":\"echo\",\"payload\":" + PAYLOAD + "}";
  }

  private static String id(HttpResponse<String> created) {
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return ServerFixture.json(created).path("id").asText();
  }

  private static void awaitCompleted(ServerFixture ujm, List<String> ids) {
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              for (String id : ids) {
                assertThat(ujm.admin().get(id).state()).as("job %s", id).isEqualTo("completed");
              }
            });
  }
}
