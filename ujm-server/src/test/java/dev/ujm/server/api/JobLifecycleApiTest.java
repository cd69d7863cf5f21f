package dev.ujm.server.api;

import static dev.ujm.server.api.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.api.JobEventView;
import dev.ujm.api.JobView;
import dev.ujm.api.SubmitJobRequest;
import dev.ujm.core.model.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Reading one job, cancelling, retrying, cloning, its history, and the long-poll wait. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobLifecycleApiTest {
  @TempDir static Path dir;
  private ServerFixture ujm;

  @BeforeAll
  void start() {
    ujm = ServerFixture.start(dir);
  }

  @AfterAll
  void stop() {
    ujm.close();
  }

  private JobView submit(String type, String payload) {
    try {
      return ujm.admin()
          .submit(
              SubmitJobRequest.of(type, payload == null ? null : Json.mapper().readTree(payload)))
          .job();
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private JobView awaitState(String id, String state) {
    await().atMost(Duration.ofSeconds(10)).until(() -> ujm.admin().get(id).state().equals(state));
    return ujm.admin().get(id);
  }

  @Test
  void a_job_is_read_by_its_id_and_an_unknown_id_answers_404() {
    JobView job = submit("noop", null);

    assertThat(ujm.admin().get(job.id()).id()).isEqualTo(job.id());
    assertProblem(ujm.get("/api/v2/jobs/0190aaaa-0000-7000-8000-000000000000"), 404, "not-found");
  }

  @Test
  void cancelling_a_running_job_interrupts_it_and_the_audit_trail_names_the_key() {
    JobView job = submit("sleep", "{\"ms\": 60000}");
    awaitState(job.id(), "processing");

    JobView cancelled = ujm.admin().cancel(job.id());

    assertThat(cancelled.state()).isEqualTo("cancelled");
    List<JobEventView> history = ujm.admin().history(job.id());
    assertThat(history)
        .extracting(JobEventView::to)
        .containsSubsequence("queued", "processing", "cancelled");
    assertThat(history.getLast().actor()).isEqualTo("admin");
    assertThat(history.getFirst().actor()).isEqualTo("admin");
    await().atMost(Duration.ofSeconds(5)).until(() -> ujm.admin().workers().running() == 0);
  }

  @Test
  void cancelling_a_finished_job_answers_409() {
    JobView job = submit("noop", null);
    awaitState(job.id(), "completed");

    JsonNode problem =
        assertProblem(
            ujm.send("DELETE", "/api/v2/jobs/" + job.id(), ServerFixture.ADMIN_KEY, null),
            409,
            "illegal-transition");
    assertThat(problem.path("detail").asText()).contains("cannot be cancelled");
  }

  @Test
  void a_failed_job_is_in_the_dead_letter_list_and_a_retry_queues_it_again() {
    JobView job =
        ujm.admin()
            .submit(
                SubmitJobRequest.of("flaky", Json.mapper().createObjectNode().put("failTimes", 1))
                    .withMaxAttempts(1))
            .job();
    awaitState(job.id(), "failed");
    assertThat(ujm.admin().deadLetter(dev.ujm.client.JobFilter.any()).items())
        .extracting(JobView::id)
        .contains(job.id());

    JobView retried = ujm.admin().retry(job.id());

    assertThat(retried.state()).isIn("queued", "processing", "completed");
    JobView done = awaitState(job.id(), "completed");
    assertThat(done.errors()).hasSize(1);
    assertThat(ujm.admin().history(job.id()))
        .extracting(JobEventView::reason)
        .anyMatch(r -> r != null && r.contains("retr"));
  }

  @Test
  void retrying_a_job_that_is_not_failed_or_cancelled_answers_409() {
    JobView job = submit("sleep", "{\"ms\": 60000}");

    JsonNode problem =
        assertProblem(
            ujm.post("/api/v2/jobs/" + job.id() + "/retry", null), 409, "illegal-transition");

    assertThat(problem.path("detail").asText())
        .contains("only failed or cancelled jobs can be retried");
    ujm.admin().cancel(job.id());
  }

  @Test
  void a_clone_is_a_new_job_with_the_same_type_and_payload() {
    JobView job = submit("echo", "{\"n\": 7}");

    var response = ujm.post("/api/v2/jobs/" + job.id() + "/clone", null);

    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode copy = ServerFixture.json(response);
    assertThat(copy.path("id").asText()).isNotEqualTo(job.id());
    assertThat(copy.path("type").asText()).isEqualTo("echo");
    assertThat(copy.path("payload").path("n").asInt()).isEqualTo(7);
  }

  @Test
  void the_history_of_a_completed_job_is_its_submit_claim_and_completion_in_order() {
    JobView job = submit("noop", null);
    awaitState(job.id(), "completed");

    JsonNode history = ServerFixture.json(ujm.get("/api/v2/jobs/" + job.id() + "/history"));

    assertThat(history.has("nextCursor")).isTrue();
    JsonNode items = history.path("items");
    assertThat(items).hasSize(3);
    assertThat(items.get(0).has("from")).isFalse();
    assertThat(items.get(0).path("to").asText()).isEqualTo("queued");
    assertThat(items.get(1).path("to").asText()).isEqualTo("processing");
    assertThat(items.get(2).path("to").asText()).isEqualTo("completed");
  }

  @Test
  void the_long_poll_answers_as_soon_as_the_job_leaves_the_state_the_caller_saw() {
    JobView job = submit("sleep", "{\"ms\": 300}");
    String state = job.state();
    List<String> seen = new java.util.ArrayList<>();
    while (!state.equals("completed")) {
      var event = ujm.admin().awaitChange(job.id(), state, Duration.ofSeconds(10)).orElseThrow();
      assertThat(event.event()).isEqualTo("state");
      assertThat(event.jobId()).isEqualTo(job.id());
      assertThat(event.type()).isEqualTo("sleep");
      state = event.state();
      seen.add(state);
    }
    assertThat(seen).endsWith("completed");
  }

  @Test
  void the_long_poll_answers_204_when_nothing_changes_within_the_wait() {
    JobView job =
        ujm.admin().submit(SubmitJobRequest.of("noop", null).withDelaySeconds(3600L)).job();

    var response = ujm.get("/api/v2/jobs/" + job.id() + "/wait?timeoutSeconds=1");

    assertThat(response.statusCode()).isEqualTo(204);
  }

  @Test
  void the_long_poll_of_a_finished_job_answers_at_once() {
    JobView job = submit("noop", null);
    awaitState(job.id(), "completed");

    var response = ujm.get("/api/v2/jobs/" + job.id() + "/wait?timeoutSeconds=60");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(ServerFixture.json(response).path("state").asText()).isEqualTo("completed");
  }

  @Test
  void the_long_poll_refuses_a_bad_wait_or_state() {
    JobView job = submit("noop", null);
    assertProblem(
        ujm.get("/api/v2/jobs/" + job.id() + "/wait?timeoutSeconds=9999"), 400, "invalid-request");
    assertProblem(
        ujm.get("/api/v2/jobs/" + job.id() + "/wait?state=sleeping"), 400, "invalid-request");
  }
}
