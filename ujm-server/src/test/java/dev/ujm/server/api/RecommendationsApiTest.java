package dev.ujm.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.api.ProblemTypes;
import dev.ujm.test.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v2/recommendations} on the real server: an operator is advised about every tenant
 * and the pools, an admin about its own tenant only. The server's clock stands still.
 */
class RecommendationsApiTest {
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T09:30:00Z"));
  private ServerFixture ujm;
  private String acmeAdmin;

  @BeforeEach
  void start() {
    ujm = ServerFixture.start(dir, Map.of(), b -> b.clock(clock));
    acmeAdmin = ujm.key("admin", "acme", "root").key();
    String alice = ujm.key("user", "acme", "alice").key();
    String bob = ujm.key("user", "globex", "bob").key();
    for (String key : List.of(alice, alice, bob)) {
      assertThat(ujm.send("POST", "/api/v2/jobs", key, "{\"type\":\"noop\"}").statusCode())
          .isEqualTo(201);
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                ServerFixture.json(ujm.get("/api/v2/jobs?state=completed&tenant=acme"))
                        .path("items")
                        .size()
                    == 2);
  }

  @AfterEach
  void stop() {
    ujm.close();
  }

  @Test
  void an_operator_is_advised_about_every_tenant_with_the_figures() throws Exception {
    JsonNode body = ServerFixture.json(ujm.get("/api/v2/recommendations"));

    assertThat(body.path("tenant").isNull()).isTrue();
    assertThat(body.path("at").asText()).isEqualTo("2026-03-02T09:30:00Z");
    JsonNode alice = find(body, "user-pattern", "alice");
    assertThat(alice.path("tenant").asText()).isEqualTo("acme");
    assertThat(alice.path("figures").path("jobs").asInt()).isEqualTo(2);
    assertThat(alice.path("figures").path("types").path("noop").asInt()).isEqualTo(2);
    assertThat(alice.path("figures").path("peakHourUtc").asInt()).isEqualTo(9);
    assertThat(alice.path("message").asText()).startsWith("user alice of tenant acme: 2 jobs");
    assertThat(subjects(body, "tenant-pattern")).contains("acme", "globex");
  }

  @Test
  void an_admin_sees_only_its_tenants_part_and_no_pools() throws Exception {
    var response = ujm.send("GET", "/api/v2/recommendations", acmeAdmin, null);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = ServerFixture.json(response);
    assertThat(body.path("tenant").asText()).isEqualTo("acme");
    assertThat(subjects(body, "pool-size")).isEmpty();
    assertThat(subjects(body, "tenant-pattern")).containsExactly("acme");
    body.path("recommendations")
        .forEach(r -> assertThat(r.path("tenant").asText()).isEqualTo("acme"));
  }

  @Test
  void a_tenant_name_that_cannot_be_one_is_refused_as_a_problem() throws Exception {
    var response = ujm.get("/api/v2/recommendations?tenant=no%20such%21");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(ServerFixture.json(response).path("type").asText())
        .isEqualTo(ProblemTypes.INVALID_REQUEST);
  }

  @Test
  void an_operator_naming_a_tenant_is_advised_about_that_tenant_without_the_pools()
      throws Exception {
    JsonNode body = ServerFixture.json(ujm.get("/api/v2/recommendations?tenant=globex"));

    assertThat(body.path("tenant").asText()).isEqualTo("globex");
    assertThat(subjects(body, "pool-size")).isEmpty();
    assertThat(subjects(body, "user-pattern")).containsExactly("bob");
  }

  private static JsonNode find(JsonNode body, String kind, String subject) {
    for (JsonNode r : body.path("recommendations")) {
      if (r.path("kind").asText().equals(kind) && r.path("subject").asText().equals(subject)) {
        return r;
      }
    }
    throw new AssertionError("no " + kind + " about " + subject + " in " + body);
  }

  private static List<String> subjects(JsonNode body, String kind) {
    List<String> out = new ArrayList<>();
    body.path("recommendations")
        .forEach(
            r -> {
              if (r.path("kind").asText().equals(kind)) {
                out.add(r.path("subject").asText());
              }
            });
    return out;
  }
}
