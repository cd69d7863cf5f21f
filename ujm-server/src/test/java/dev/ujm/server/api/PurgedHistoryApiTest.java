package dev.ujm.server.api;

import static dev.ujm.server.api.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ujm.api.CreatedApiKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail outlives retention: {@code GET /api/v2/jobs/{id}/history} keeps answering for a
 * job that was purged, to those who could see the job, while the job itself is gone.
 */
class PurgedHistoryApiTest {
  @TempDir Path dir;

  @Test
  void the_history_of_a_purged_job_still_answers_to_its_owner_and_admin_and_to_nobody_else() {
    try (ServerFixture ujm = ServerFixture.start(dir)) {
      CreatedApiKey alice = ujm.key("user", "acme", "alice");
      CreatedApiKey bob = ujm.key("user", "acme", "bob");
      CreatedApiKey acmeAdmin = ujm.key("admin", "acme", "root");
      String id =
          ServerFixture.json(ujm.send("POST", "/api/v2/jobs", alice.key(), "{\"type\":\"noop\"}"))
              .path("id")
              .asText();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> ujm.client(alice.key()).get(id).state().equals("completed"));
      var before = ujm.send("GET", "/api/v2/jobs/" + id + "/history", alice.key(), null);

      int purged =
          ujm.server()
              .backend()
              .engine()
              .jobs()
              .store()
              .purge(Instant.now().plus(Duration.ofDays(1)), 100);

      assertThat(purged).isEqualTo(1);
      assertProblem(ujm.send("GET", "/api/v2/jobs/" + id, alice.key(), null), 404, "not-found");
      var history = ujm.send("GET", "/api/v2/jobs/" + id + "/history", alice.key(), null);
      assertThat(history.statusCode()).isEqualTo(200);
      assertThat(ServerFixture.json(history)).isEqualTo(ServerFixture.json(before));
      assertThat(ServerFixture.json(history).path("items")).hasSize(3);
      assertThat(
              ujm.send("GET", "/api/v2/jobs/" + id + "/history", acmeAdmin.key(), null)
                  .statusCode())
          .isEqualTo(200);
      assertProblem(
          ujm.send("GET", "/api/v2/jobs/" + id + "/history", bob.key(), null), 404, "not-found");
    }
  }
}
