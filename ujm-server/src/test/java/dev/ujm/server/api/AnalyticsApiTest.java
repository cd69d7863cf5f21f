package dev.ujm.server.api;

import static dev.ujm.server.api.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.test.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v2/analytics} and {@code /api/v2/analytics/sla}: the job metrics as a series and
 * SLA attainment, for admins of their tenant and operators of any or all, with bad parameters
 * refused. The server's clock stands still, so every job runs in no time and every figure is exact.
 */
class AnalyticsApiTest {
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T12:00:30Z"));
  private ServerFixture ujm;
  private String globexAdmin;
  private String alice;

  @BeforeEach
  void start() {
    ujm =
        ServerFixture.start(
            dir,
            Map.of("UJM_SLA_NOOP", "99% within 1s", "UJM_ALERT_NOOP_SLOW", "sla type=noop"),
            b -> b.clock(clock));
    alice = ujm.key("user", "acme", "alice").key();
    String bob = ujm.key("user", "globex", "bob").key();
    globexAdmin = ujm.key("admin", "globex", "root").key();
    for (String key : new String[] {alice, alice, alice, bob}) {
      assertThat(ujm.send("POST", "/api/v2/jobs", key, "{\"type\":\"noop\"}").statusCode())
          .isEqualTo(201);
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> completed(ujm.get("/api/v2/analytics")) == 4);
  }

  @AfterEach
  void stop() {
    ujm.close();
  }

  @Test
  void an_operator_reads_every_tenants_series_and_one_tenants_with_tenant() {
    JsonNode all = ServerFixture.json(ujm.get("/api/v2/analytics?step=minute"));
    assertThat(all.path("tenant").isNull()).isTrue();
    assertThat(all.path("step").asText()).isEqualTo("minute");
    assertThat(all.path("points")).hasSize(1);
    JsonNode point = all.path("points").get(0);
    assertThat(point.path("at").asText()).isEqualTo("2026-03-02T12:00:00Z");
    assertThat(point.path("completed").asLong()).isEqualTo(4);
    assertThat(point.path("attempts").asLong()).isEqualTo(4);
    assertThat(point.path("runTimeMs").path("p99").asLong()).as("capped at the longest").isZero();
    assertThat(point.path("queueWaitMs").path("count").asLong()).isEqualTo(4);
    assertThat(point.path("endToEndMs").path("p50").asLong())
        .as("the upper bound of the first bucket")
        .isEqualTo(10);

    JsonNode acme = ServerFixture.json(ujm.get("/api/v2/analytics?tenant=acme&step=hour"));
    assertThat(acme.path("tenant").asText()).isEqualTo("acme");
    assertThat(acme.path("total").path("completed").asLong()).isEqualTo(3);
    assertThat(acme.path("points").get(0).path("at").asText()).isEqualTo("2026-03-02T12:00:00Z");
  }

  @Test
  void an_admin_reads_its_own_tenant_only_and_a_user_not_at_all() {
    JsonNode globex =
        ServerFixture.json(ujm.send("GET", "/api/v2/analytics?step=day", globexAdmin, null));
    assertThat(globex.path("tenant").asText()).isEqualTo("globex");
    assertThat(globex.path("total").path("completed").asLong()).isEqualTo(1);

    assertProblem(
        ujm.send("GET", "/api/v2/analytics?tenant=acme", globexAdmin, null), 404, "not-found");
    assertProblem(ujm.send("GET", "/api/v2/analytics", alice, null), 403, "forbidden");
  }

  @Test
  void bad_parameters_are_refused_with_invalid_request() {
    for (String query :
        new String[] {
          "step=week",
          "from=yesterday",
          "from=2026-03-02T13:00:00Z&to=2026-03-02T12:00:00Z",
          "step=minute&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z",
          "type=no%20such",
          "queue=a%2Fb"
        }) {
      JsonNode problem =
          assertProblem(ujm.get("/api/v2/analytics?" + query), 400, "invalid-request");
      assertThat(problem.path("detail").asText()).as(query).isNotBlank();
    }
    assertProblem(ujm.get("/api/v2/analytics/sla?window=soon"), 400, "invalid-request");
  }

  @Test
  void sla_attainment_reads_each_objective_over_the_window() {
    JsonNode sla = ServerFixture.json(ujm.get("/api/v2/analytics/sla?window=24h"));
    assertThat(sla.path("windowSeconds").asLong()).isEqualTo(86_400);
    JsonNode noop = sla.path("objectives").get(0);
    assertThat(noop.path("type").asText()).isEqualTo("noop");
    assertThat(noop.path("objective").asText()).isEqualTo("99% within 1s");
    assertThat(noop.path("ended").asLong()).isEqualTo(4);
    assertThat(noop.path("withinObjective").asLong()).isEqualTo(4);
    assertThat(noop.path("attainment").asDouble()).isEqualTo(1.0);
    assertThat(noop.path("met").asBoolean()).isTrue();

    JsonNode globex =
        ServerFixture.json(ujm.send("GET", "/api/v2/analytics/sla", globexAdmin, null));
    assertThat(globex.path("objectives").get(0).path("ended").asLong()).isEqualTo(1);
  }

  @Test
  void metrics_show_each_objective_as_a_share() {
    assertThat(ujm.get("/metrics").body()).contains("ujm_sla_objective_ratio{type=\"noop\"} 0.99");
  }

  private static long completed(java.net.http.HttpResponse<String> series) {
    return ServerFixture.json(series).path("total").path("completed").asLong();
  }
}
