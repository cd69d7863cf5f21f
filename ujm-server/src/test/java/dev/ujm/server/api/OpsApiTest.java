package dev.ujm.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ujm.api.SubmitJobRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public operational endpoints: health, readiness, metrics, the landing page, and request ids.
 */
class OpsApiTest {
  @TempDir Path dir;

  @Test
  void health_ready_metrics_and_the_landing_page_need_no_key() {
    try (ServerFixture ujm = ServerFixture.start(dir)) {
      assertThat(ujm.send("GET", "/health", null, null).body()).isEqualTo("{\"status\":\"up\"}");
      var ready = ujm.send("GET", "/ready", null, null);
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ServerFixture.json(ready).path("backends").path("store").path("ready").asBoolean())
          .isTrue();
      var index = ujm.send("GET", "/", null, null);
      assertThat(index.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
      assertThat(index.body()).contains("/openapi.json");
    }
  }

  @Test
  void metrics_count_requests_by_route_and_jobs_by_queue_and_state() {
    try (ServerFixture ujm = ServerFixture.start(dir)) {
      String id = ujm.admin().submit(SubmitJobRequest.of("noop", null)).job().id();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> ujm.admin().get(id).state().equals("completed"));

      ujm.server().metrics().sampler().runOnce(); // the job counts are sampled on a timer
      var metrics = ujm.send("GET", "/metrics", null, null);

      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
      assertThat(metrics.body())
          .contains("ujm_jobs{queue=\"noop\",state=\"completed\"} 1.0")
          .contains(
              "ujm_http_requests_seconds_count{method=\"POST\",route=\"/api/v2/jobs\",status=\"201\"} 1")
          .contains("route=\"/api/v2/jobs/{id}\"")
          .contains("ujm_store_ready 1.0")
          .contains("ujm_workers_busy{queue=\"noop\"}")
          .contains("jvm_memory_used_bytes")
          .contains("ujm_tenant_claimed_cost_total{tenant=")
          .contains("ujm_tenant_queue_wait_seconds_count{tenant=")
          .contains("ujm_tenant_share{tenant=")
          .doesNotContain(id);
    }
  }

  @Test
  void a_request_id_chosen_by_the_caller_comes_back_and_one_is_made_up_otherwise()
      throws Exception {
    try (ServerFixture ujm = ServerFixture.start(dir)) {
      var request =
          java.net.http.HttpRequest.newBuilder(ujm.uri("/health"))
              .header("X-Request-Id", "trace-123")
              .build();
      var chosen =
          java.net.http.HttpClient.newHttpClient()
              .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(chosen.headers().firstValue("X-Request-Id")).hasValue("trace-123");
      assertThat(ujm.send("GET", "/health", null, null).headers().firstValue("X-Request-Id"))
          .hasValueSatisfying(v -> assertThat(v).matches("[0-9a-f]{16}"));
    }
  }

  @Test
  void an_unknown_path_answers_404_and_a_wrong_method_405_both_as_problems() {
    try (ServerFixture ujm = ServerFixture.start(dir)) {
      var unknown = ProblemAssert.assertProblem(ujm.get("/api/v2/nothing-here"), 404, "not-found");
      assertThat(unknown.path("detail").asText()).contains("/openapi.json");
      ProblemAssert.assertProblem(
          ujm.send("PUT", "/api/v2/jobs", ServerFixture.ADMIN_KEY, "{}"),
          405,
          "method-not-allowed");
      ProblemAssert.assertProblem(
          ujm.send("PATCH", "/health", null, null), 405, "method-not-allowed");
    }
  }
}
