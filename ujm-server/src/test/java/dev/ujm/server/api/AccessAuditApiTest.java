package dev.ujm.server.api;

import static dev.ujm.server.api.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.api.CreatedApiKey;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The access audit over a real server: what is recorded, how it is read, and sampling. */
class AccessAuditApiTest {
  private static final String PARKED = "{\"type\":\"noop\",\"delaySeconds\":3600}";

  private static List<JsonNode> lines(ServerFixture ujm, String query) {
    HttpResponse<String> answer = ujm.get("/api/v2/audit?limit=1000&" + query);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    List<JsonNode> lines = new ArrayList<>();
    ServerFixture.json(answer).path("items").forEach(lines::add);
    return lines;
  }

  private static String actions(List<JsonNode> lines) {
    StringBuilder s = new StringBuilder();
    lines.forEach(
        l ->
            s.append(l.path("action").asText())
                .append(' ')
                .append(l.path("target").asText())
                .append(' ')
                .append(l.path("outcome").asInt())
                .append('\n'));
    return s.toString();
  }

  /** Waits until the key's lines, newest first, are these (the log is written a moment later). */
  private static void awaitActions(ServerFixture ujm, String keyId, String expected) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(actions(lines(ujm, "key=" + keyId))).isEqualTo(expected));
  }

  @Test
  void every_read_and_change_of_a_job_key_or_tenant_is_recorded_with_its_outcome(
      @TempDir Path dir) {
    try (ServerFixture ujm = ServerFixture.start(dir)) {
      CreatedApiKey alice = ujm.key("user", "acme", "alice");
      CreatedApiKey bob = ujm.key("user", "acme", "bob");
      String job =
          ServerFixture.json(ujm.send("POST", "/api/v2/jobs", alice.key(), PARKED))
              .path("id")
              .asText();
      ujm.send("GET", "/api/v2/jobs/" + job, alice.key(), null);
      ujm.send("GET", "/api/v2/jobs/" + job, bob.key(), null);
      ujm.send("DELETE", "/api/v2/jobs/" + job, alice.key(), null);
      ujm.send("PUT", "/api/v2/tenants/acme", ServerFixture.ADMIN_KEY, "{\"weight\":2}");
      ujm.send(
          "DELETE", "/api/v2/keys/" + bob.id() + "?tenant=acme", ServerFixture.ADMIN_KEY, null);
      ujm.get("/api/v2/job-types");

      awaitActions(
          ujm,
          alice.id(),
          "DELETE /api/v2/jobs/{id} "
              + job
              + " 200\n"
              + "GET /api/v2/jobs/{id} "
              + job
              + " 200\n"
              + "POST /api/v2/jobs "
              + job
              + " 201\n");
      assertThat(actions(lines(ujm, "key=" + bob.id())))
          .isEqualTo("GET /api/v2/jobs/{id} " + job + " 404\n");
      String operator = actions(lines(ujm, "key=admin"));
      assertThat(operator)
          .contains("PUT /api/v2/tenants/{tenantId} acme 200")
          .contains("DELETE /api/v2/keys/{id} " + bob.id() + " 200")
          .doesNotContain("job-types");
      JsonNode line = lines(ujm, "key=" + alice.id()).getLast();
      assertThat(line.path("tenantId").asText()).isEqualTo("acme");
      assertThat(line.path("requestId").asText()).isNotBlank();
      assertThat(line.path("at").asText()).isNotBlank();

      assertThat(lines(ujm, "action=DELETE%20/api/v2/jobs/%7Bid%7D"))
          .extracting(l -> l.path("keyId").asText())
          .containsExactly(alice.id());
      assertThat(lines(ujm, "tenant=globex")).isEmpty();
      assertThat(lines(ujm, "from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z")).isEmpty();
      JsonNode firstPage = ServerFixture.json(ujm.get("/api/v2/audit?limit=2"));
      assertThat(firstPage.path("items")).hasSize(2);
      JsonNode next =
          ServerFixture.json(
              ujm.get("/api/v2/audit?limit=2&cursor=" + firstPage.path("nextCursor").asText()));
      assertThat(next.path("items").get(0).path("seq").asLong())
          .isLessThan(firstPage.path("items").get(1).path("seq").asLong());
      assertProblem(ujm.get("/api/v2/audit?cursor=nope"), 400, "invalid-request");
    }
  }

  @Test
  void with_a_read_sample_of_zero_reads_are_not_kept_and_changes_still_are(@TempDir Path dir) {
    try (ServerFixture ujm =
        ServerFixture.start(dir, Map.of("UJM_ACCESS_AUDIT_READ_SAMPLE", "0"), b -> {})) {
      CreatedApiKey alice = ujm.key("user", "acme", "alice");
      String job =
          ServerFixture.json(ujm.send("POST", "/api/v2/jobs", alice.key(), PARKED))
              .path("id")
              .asText();
      for (int i = 0; i < 20; i++) {
        ujm.send("GET", "/api/v2/jobs/" + job, alice.key(), null);
      }
      ujm.send("DELETE", "/api/v2/jobs/" + job, alice.key(), null);

      awaitActions(
          ujm,
          alice.id(),
          "DELETE /api/v2/jobs/{id} " + job + " 200\n" + "POST /api/v2/jobs " + job + " 201\n");
    }
  }
}
