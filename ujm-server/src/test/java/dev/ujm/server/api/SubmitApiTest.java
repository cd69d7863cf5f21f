package dev.ujm.server.api;

import static dev.ujm.server.api.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.api.JobView;
import dev.ujm.api.SubmitJobRequest;
import dev.ujm.client.JobFilter;
import dev.ujm.client.Submitted;
import dev.ujm.core.model.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v2/jobs} and {@code /batch}: what is accepted, what is refused, and that
 * refusals store nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubmitApiTest {
  @TempDir static Path dir;
  private ServerFixture ujm;

  @BeforeAll
  void start() {
    ujm = ServerFixture.start(dir, Map.of("UJM_MAX_PAYLOAD_BYTES", "32768"), b -> {});
  }

  @AfterAll
  void stop() {
    ujm.close();
  }

  private static JsonNode payload(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private long jobCount() {
    return ujm.admin().list(JobFilter.any().withLimit(1000)).items().size();
  }

  @Test
  void a_submitted_job_answers_201_with_the_job_owned_by_the_key_and_runs_to_completion() {
    Submitted submitted =
        ujm.admin()
            .submit(
                SubmitJobRequest.of("echo", payload("{\"hello\":\"world\"}"))
                    .withTags(List.of("smoke")));

    assertThat(submitted.created()).isTrue();
    JobView job = submitted.job();
    assertThat(job.type()).isEqualTo("echo");
    assertThat(job.queue()).isEqualTo("echo");
    assertThat(job.priority()).isEqualTo("medium");
    assertThat(job.tenantId()).isEqualTo("default");
    assertThat(job.ownerId()).isEqualTo("admin");
    assertThat(job.tags()).containsExactly("smoke");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ujm.admin().get(job.id()).state().equals("completed"));
    assertThat(ujm.admin().get(job.id()).result().path("hello").asText()).isEqualTo("world");
  }

  @Test
  void a_repeat_with_the_same_idempotency_key_answers_200_with_the_first_job() {
    SubmitJobRequest request = SubmitJobRequest.of("noop", null).withIdempotencyKey("order-42");

    Submitted first = ujm.admin().submit(request);
    Submitted again = ujm.admin().submit(request);

    assertThat(first.created()).isTrue();
    assertThat(again.created()).isFalse();
    assertThat(again.job().id()).isEqualTo(first.job().id());
    var raw = ujm.post("/api/v2/jobs", "{\"type\":\"noop\",\"idempotencyKey\":\"order-42\"}");
    assertThat(raw.statusCode()).isEqualTo(200);
    assertThat(ServerFixture.json(raw).path("id").asText()).isEqualTo(first.job().id());
  }

  @Test
  void priority_queue_delay_attempts_and_timeout_are_taken_from_the_request() {
    Instant before = Instant.now();
    JobView job =
        ujm.admin()
            .submit(
                SubmitJobRequest.of("noop", null)
                    .withPriority("HIGH")
                    .withQueue("slow-lane")
                    .withDelaySeconds(3600L)
                    .withMaxAttempts(5)
                    .withTimeoutSeconds(9))
            .job();

    assertThat(job.state()).isEqualTo("scheduled");
    assertThat(job.priority()).isEqualTo("high");
    assertThat(job.queue()).isEqualTo("slow-lane");
    assertThat(job.maxAttempts()).isEqualTo(5);
    assertThat(job.timeoutSeconds()).isEqualTo(9);
    assertThat(job.runAt()).isAfter(before.plusSeconds(3500));
  }

  @Test
  void a_job_with_run_at_in_the_future_is_scheduled_for_then() {
    Instant at = Instant.parse("2099-01-01T00:00:00Z");
    JobView job =
        ujm.admin().submit(SubmitJobRequest.of("noop", null).withRunAt(at.toString())).job();

    assertThat(job.state()).isEqualTo("scheduled");
    assertThat(job.runAt()).isEqualTo(at);
  }

  @Test
  void a_batch_stores_every_job_and_answers_them_in_order() {
    var response =
        ujm.post(
            "/api/v2/jobs/batch",
            "{\"jobs\":[{\"type\":\"noop\"},{\"type\":\"echo\",\"payload\":{\"n\":2}},{\"type\":\"sleep\",\"payload\":{\"ms\":1}}]}");

    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode jobs = ServerFixture.json(response).path("jobs");
    assertThat(jobs).hasSize(3);
    assertThat(jobs.get(0).path("type").asText()).isEqualTo("noop");
    assertThat(jobs.get(1).path("type").asText()).isEqualTo("echo");
    assertThat(jobs.get(2).path("type").asText()).isEqualTo("sleep");
  }

  @Test
  void a_batch_with_one_bad_job_is_refused_whole_naming_the_job_and_field() {
    long before = jobCount();
    var response =
        ujm.post(
            "/api/v2/jobs/batch",
            "{\"jobs\":[{\"type\":\"noop\"},{\"type\":\"sleep\",\"payload\":{\"ms\":-5}},{\"type\":\"noop\"}]}");

    JsonNode problem = assertProblem(response, 400, "invalid-payload");
    assertThat(problem.path("field").asText()).isEqualTo("jobs[1].payload.ms");
    assertThat(jobCount()).isEqualTo(before);
  }

  @Test
  void a_batch_of_more_than_1000_jobs_or_of_none_is_refused() {
    long before = jobCount();
    String many =
        "{\"jobs\":["
            + String.join(",", java.util.Collections.nCopies(1001, "{\"type\":\"noop\"}"))
            + "]}";

    JsonNode tooMany = assertProblem(ujm.post("/api/v2/jobs/batch", many), 400, "invalid-request");
    assertThat(tooMany.path("field").asText()).isEqualTo("jobs");
    assertThat(tooMany.path("detail").asText()).contains("1000");
    assertProblem(ujm.post("/api/v2/jobs/batch", "{\"jobs\":[]}"), 400, "invalid-request");
    assertThat(jobCount()).isEqualTo(before);
  }

  @Test
  void an_unknown_type_is_refused_with_the_known_types() {
    long before = jobCount();
    JsonNode problem =
        assertProblem(ujm.post("/api/v2/jobs", "{\"type\":\"nope\"}"), 400, "unknown-job-type");

    assertThat(problem.path("field").asText()).isEqualTo("type");
    assertThat(problem.path("detail").asText()).contains("sleep");
    assertThat(jobCount()).isEqualTo(before);
  }

  @Test
  void a_missing_type_is_refused() {
    JsonNode problem =
        assertProblem(ujm.post("/api/v2/jobs", "{\"payload\":{}}"), 400, "invalid-request");
    assertThat(problem.path("field").asText()).isEqualTo("type");
  }

  @Test
  void a_payload_that_fails_the_type_validation_is_refused_naming_the_field() {
    long before = jobCount();
    JsonNode problem =
        assertProblem(
            ujm.post("/api/v2/jobs", "{\"type\":\"sleep\",\"payload\":{\"ms\":-1}}"),
            400,
            "invalid-payload");

    assertThat(problem.path("field").asText()).isEqualTo("payload.ms");
    assertThat(jobCount()).isEqualTo(before);
  }

  @Test
  void an_unknown_payload_field_is_refused() {
    JsonNode problem =
        assertProblem(
            ujm.post("/api/v2/jobs", "{\"type\":\"sleep\",\"payload\":{\"ms\":1,\"extra\":2}}"),
            400,
            "invalid-payload");
    assertThat(problem.path("field").asText()).isEqualTo("payload.extra");
  }

  @Test
  void a_bad_priority_is_refused() {
    JsonNode problem =
        assertProblem(
            ujm.post("/api/v2/jobs", "{\"type\":\"noop\",\"priority\":\"urgent\"}"),
            400,
            "invalid-request");
    assertThat(problem.path("field").asText()).isEqualTo("priority");
    assertThat(problem.path("detail").asText()).contains("high, medium or low");
  }

  @Test
  void a_bad_run_at_is_refused() {
    JsonNode problem =
        assertProblem(
            ujm.post("/api/v2/jobs", "{\"type\":\"noop\",\"runAt\":\"tomorrow\"}"),
            400,
            "invalid-request");
    assertThat(problem.path("field").asText()).isEqualTo("runAt");
    assertThat(problem.path("detail").asText()).contains("ISO-8601");
  }

  @Test
  void run_at_and_delay_together_or_a_negative_delay_are_refused() {
    assertProblem(
        ujm.post(
            "/api/v2/jobs",
            "{\"type\":\"noop\",\"runAt\":\"2099-01-01T00:00:00Z\",\"delaySeconds\":5}"),
        400,
        "invalid-request");
    JsonNode problem =
        assertProblem(
            ujm.post("/api/v2/jobs", "{\"type\":\"noop\",\"delaySeconds\":-1}"),
            400,
            "invalid-request");
    assertThat(problem.path("field").asText()).isEqualTo("delaySeconds");
  }

  @Test
  void bad_job_options_are_refused_as_invalid_options() {
    JsonNode attempts =
        assertProblem(
            ujm.post("/api/v2/jobs", "{\"type\":\"noop\",\"maxAttempts\":0}"),
            400,
            "invalid-option");
    assertThat(attempts.path("field").asText()).isEqualTo("maxAttempts");
    JsonNode timeout =
        assertProblem(
            ujm.post("/api/v2/jobs", "{\"type\":\"noop\",\"timeoutSeconds\":-3}"),
            400,
            "invalid-option");
    assertThat(timeout.path("field").asText()).isEqualTo("timeoutSeconds");
    JsonNode dependency =
        assertProblem(
            ujm.post(
                "/api/v2/jobs",
                "{\"type\":\"noop\",\"dependsOn\":[\"01a2239d-4534-729f-96f3-2563e13cbf68\"]}"),
            400,
            "invalid-option");
    assertThat(dependency.path("field").asText()).isEqualTo("dependsOn");
    JsonNode malformed =
        assertProblem(
            ujm.post("/api/v2/jobs", "{\"type\":\"noop\",\"dependsOn\":[\"no-such-job\"]}"),
            400,
            "invalid-request");
    assertThat(malformed.path("field").asText()).isEqualTo("dependsOn[0]");
  }

  @Test
  void a_value_of_the_wrong_type_is_refused_naming_the_field() {
    JsonNode problem =
        assertProblem(
            ujm.post("/api/v2/jobs", "{\"type\":\"noop\",\"maxAttempts\":\"many\"}"),
            400,
            "invalid-request");
    assertThat(problem.path("field").asText()).isEqualTo("maxAttempts");
  }

  @Test
  void an_unknown_request_field_is_refused() {
    JsonNode problem =
        assertProblem(
            ujm.post("/api/v2/jobs", "{\"type\":\"noop\",\"colour\":\"red\"}"),
            400,
            "invalid-request");
    assertThat(problem.path("field").asText()).isEqualTo("colour");
  }

  @Test
  void malformed_json_and_an_empty_body_are_refused() {
    long before = jobCount();
    assertProblem(ujm.post("/api/v2/jobs", "{\"type\": \"noop\""), 400, "malformed-json");
    assertProblem(ujm.post("/api/v2/jobs", "[1,2]"), 400, "malformed-json");
    assertProblem(
        ujm.send("POST", "/api/v2/jobs", ServerFixture.ADMIN_KEY, null), 400, "malformed-json");
    assertThat(jobCount()).isEqualTo(before);
  }

  @Test
  void a_body_over_the_limit_is_refused_with_413() {
    String big = "{\"type\":\"echo\",\"payload\":{\"text\":\"" + "x".repeat(40_000) + "\"}}";
    long before = jobCount();

    assertProblem(ujm.post("/api/v2/jobs", big), 413, "payload-too-large");
    assertThat(jobCount()).isEqualTo(before);
  }
}
