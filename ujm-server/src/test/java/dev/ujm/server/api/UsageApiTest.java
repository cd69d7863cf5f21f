package dev.ujm.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ujm.core.model.Json;
import dev.ujm.test.ManualClock;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v2/usage}: a tenant's metered usage as JSON or CSV, for admin keys, with bad
 * dates refused. The server's clock stands still, so every figure is exact.
 */
class UsageApiTest {
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T12:00:00Z"));
  private ServerFixture ujm;
  private String acme;

  @BeforeEach
  void start() {
    ujm = ServerFixture.start(dir, Map.of(), b -> b.clock(clock));
    acme = ujm.key("user", "acme", "alice").key();
    for (int i = 0; i < 3; i++) {
      assertThat(ujm.send("POST", "/api/v2/jobs", acme, "{\"type\":\"noop\"}").statusCode())
          .isEqualTo(201);
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                ServerFixture.json(ujm.send("GET", "/api/v2/jobs?state=completed", acme, null))
                        .path("items")
                        .size()
                    == 3);
  }

  @AfterEach
  void stop() {
    ujm.close();
  }

  @Test
  void an_admin_reads_a_tenants_usage_per_day_and_type_as_json() throws Exception {
    var response = ujm.get("/api/v2/usage?tenant=acme&from=2026-03-01&to=2026-03-02");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(ServerFixture.json(response))
        .isEqualTo(
            Json.mapper()
                .readTree(
                    "{\"tenant\":\"acme\",\"from\":\"2026-03-01\",\"to\":\"2026-03-02\","
                        + "\"usage\":[{\"day\":\"2026-03-02\",\"type\":\"noop\",\"submitted\":3,"
                        + "\"attempts\":3,\"completed\":3,\"failed\":0,\"runningSeconds\":0.0,"
                        + "\"costUnits\":3.0,\"resultBytes\":0}]}"));
  }

  @Test
  void with_accept_text_csv_the_usage_is_csv_with_a_header_row() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(ujm.uri("/api/v2/usage?tenant=acme"))
                    .header("Authorization", "Bearer " + ServerFixture.ADMIN_KEY)
                    .header("Accept", "text/csv")
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
    assertThat(response.body())
        .isEqualTo(
            "tenant,day,type,submitted,attempts,completed,failed,runningSeconds,costUnits,resultBytes\r\n"
                + "acme,2026-03-02,noop,3,3,3,0,0.0,3.0,0\r\n");
  }

  @Test
  void days_without_usage_and_other_tenants_answer_no_rows() {
    assertThat(
            ServerFixture.json(ujm.get("/api/v2/usage?tenant=acme&from=2026-02-01&to=2026-02-28"))
                .path("usage"))
        .isEmpty();
    assertThat(ServerFixture.json(ujm.get("/api/v2/usage?tenant=globex")).path("usage")).isEmpty();
  }

  @Test
  void bad_dates_are_refused_with_problem_json_naming_the_field() {
    for (String query :
        new String[] {
          "from=yesterday",
          "to=2026-13-01",
          "from=2026-03-03&to=2026-03-02",
          "from=2025-01-01&to=2026-03-02"
        }) {
      var response = ujm.get("/api/v2/usage?tenant=acme&" + query);

      assertThat(response.statusCode()).as(query).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
      assertThat(ServerFixture.json(response).path("type").asText()).endsWith("/invalid-request");
    }
  }

  @Test
  void a_key_that_is_not_an_admin_may_not_read_usage() {
    assertThat(ujm.send("GET", "/api/v2/usage", acme, null).statusCode()).isEqualTo(403);
  }
}
