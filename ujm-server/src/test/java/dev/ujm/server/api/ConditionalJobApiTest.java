package dev.ujm.server.api;

import static dev.ujm.server.api.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.client.JobFilter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runIf} and {@code runWhen} on plain jobs ({@code POST /api/v2/jobs} and {@code /batch}),
 * not only in workflows: judged when the job becomes runnable, shown on the job, and refused with
 * problem+json naming the field, storing nothing, when they cannot be judged.
 */
class ConditionalJobApiTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private ServerFixture ujm;

  @BeforeEach
  void start() {
    ujm = ServerFixture.start(dir);
  }

  @AfterEach
  void stop() {
    ujm.close();
  }

  private String submit(String body) {
    HttpResponse<String> answer = ujm.post("/api/v2/jobs", body);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    return ServerFixture.json(answer).path("id").asText();
  }

  private JsonNode job(String id) {
    return ServerFixture.json(ujm.get("/api/v2/jobs/" + id));
  }

  private JsonNode awaitFinal(String id) {
    await()
        .atMost(WAIT)
        .until(
            () ->
                List.of("completed", "failed", "cancelled")
                    .contains(job(id).path("state").asText()));
    return job(id);
  }

  private String lastMove(String id) {
    JsonNode items = ServerFixture.json(ujm.get("/api/v2/jobs/" + id + "/history")).path("items");
    return items.get(items.size() - 1).path("transition").asText();
  }

  /** The docs' example of a job with a condition, with its parent's id filled in. */
  private static String example(String parentId) throws Exception {
    Matcher m =
        Pattern.compile("<!-- job-condition-example -->\\s*```json\\n(.*?)```", Pattern.DOTALL)
            .matcher(Files.readString(Path.of("..", "docs", "scheduling.md")));
    assertThat(m.find()).as("the job-condition example of docs/scheduling.md").isTrue();
    return m.group(1).replace("$CRAWL", parentId);
  }

  private String echo(String payload) {
    return submit("{\"type\":\"echo\",\"payload\":" + payload + "}");
  }

  @Test
  void the_docs_example_runs_when_its_parents_result_meets_the_condition() throws Exception {
    String crawl = echo("{\"pages\":3}");

    String index = submit(example(crawl));

    assertThat(job(index).path("runIf").path("pointer").asText()).isEqualTo("/pages");
    assertThat(job(index).path("runIf").path("op").asText()).isEqualTo(">");
    assertThat(awaitFinal(index).path("state").asText()).isEqualTo("completed");
  }

  @Test
  void a_false_condition_cancels_the_job_with_the_move_cancel_condition_and_reason_condition_false()
      throws Exception {
    String crawl = echo("{\"pages\":0}");

    String index = submit(example(crawl));

    assertThat(awaitFinal(index).path("state").asText()).isEqualTo("cancelled");
    assertThat(lastMove(index)).isEqualTo("cancel-condition");
    JsonNode history = ServerFixture.json(ujm.get("/api/v2/jobs/" + index + "/history"));
    assertThat(history.path("items").findValuesAsText("reason")).contains("condition-false");
  }

  @Test
  void a_job_whose_parent_has_already_completed_is_judged_at_submit() {
    String parent = echo("{\"pages\":0}");
    await().atMost(WAIT).until(() -> job(parent).path("state").asText().equals("completed"));

    HttpResponse<String> answer =
        ujm.post(
            "/api/v2/jobs",
            "{\"type\":\"noop\",\"dependsOn\":[\""
                + parent
                + "\"],\"runIf\":{\"pointer\":\"/pages\",\"op\":\"==\",\"value\":1,\"parent\":\""
                + parent
                + "\"}}");

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    assertThat(ServerFixture.json(answer).path("state").asText()).isEqualTo("cancelled");
    assertThat(ServerFixture.json(answer).path("runIf").path("parent").asText()).isEqualTo(parent);
  }

  @Test
  void a_compensation_job_runs_when_its_parent_fails_and_a_clean_up_runs_either_way() {
    String flaky = submit("{\"type\":\"flaky\",\"payload\":{\"failTimes\":1},\"maxAttempts\":1}");
    String undo =
        submit("{\"type\":\"noop\",\"dependsOn\":[\"" + flaky + "\"],\"runWhen\":\"failed\"}");
    String tidy =
        submit("{\"type\":\"noop\",\"dependsOn\":[\"" + flaky + "\"],\"runWhen\":\"finished\"}");

    assertThat(job(undo).path("runWhen").asText()).isEqualTo("failed");
    assertThat(awaitFinal(flaky).path("state").asText()).isEqualTo("failed");
    assertThat(awaitFinal(undo).path("state").asText()).isEqualTo("completed");
    assertThat(awaitFinal(tidy).path("state").asText()).isEqualTo("completed");
  }

  @Test
  void a_batch_job_with_a_condition_is_judged_like_a_single_one() {
    String parent = echo("{\"pages\":2}");
    HttpResponse<String> answer =
        ujm.post(
            "/api/v2/jobs/batch",
            "{\"jobs\":[{\"type\":\"noop\",\"dependsOn\":[\""
                + parent
                + "\"],\"runIf\":{\"pointer\":\"/pages\",\"op\":\">=\",\"value\":2}},"
                + "{\"type\":\"noop\",\"dependsOn\":[\""
                + parent
                + "\"],\"runIf\":{\"pointer\":\"/pages\",\"op\":\"<\",\"value\":2}}]}");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    List<String> ids = ServerFixture.json(answer).path("jobs").findValuesAsText("id");

    assertThat(awaitFinal(ids.get(0)).path("state").asText()).isEqualTo("completed");
    assertThat(awaitFinal(ids.get(1)).path("state").asText()).isEqualTo("cancelled");
  }

  @Test
  void conditions_and_rules_that_cannot_be_judged_are_refused_naming_the_field_and_store_nothing() {
    String parent = submit("{\"type\":\"noop\",\"delaySeconds\":3600}");
    String dependsOn = "\"dependsOn\":[\"" + parent + "\"]";
    String other = "01a2239d-4534-729f-96f3-2563e13cbf68";
    String[][] refused = {
      {
        "{\"type\":\"noop\","
            + dependsOn
            + ",\"runIf\":{\"pointer\":\"pages\",\"op\":\">\",\"value\":0}}",
        "runIf.pointer"
      },
      {
        "{\"type\":\"noop\","
            + dependsOn
            + ",\"runIf\":{\"pointer\":\"/pages\",\"op\":\"~\",\"value\":0}}",
        "runIf.op"
      },
      {"{\"type\":\"noop\"," + dependsOn + ",\"runIf\":{\"pointer\":\"/pages\"}}", "runIf.op"},
      {
        "{\"type\":\"noop\"," + dependsOn + ",\"runIf\":{\"pointer\":\"/pages\",\"op\":\">\"}}",
        "runIf.value"
      },
      {
        "{\"type\":\"noop\","
            + dependsOn
            + ",\"runIf\":{\"pointer\":\"/pages\",\"op\":\">\",\"value\":[1]}}",
        "runIf.value"
      },
      {"{\"type\":\"noop\",\"runIf\":{\"pointer\":\"/pages\",\"op\":\"exists\"}}", "runIf"},
      {"{\"type\":\"noop\",\"runWhen\":\"failed\"}", "runWhen"},
      {"{\"type\":\"noop\"," + dependsOn + ",\"runWhen\":\"sometimes\"}", "runWhen"},
      {
        "{\"type\":\"noop\","
            + dependsOn
            + ",\"runIf\":{\"pointer\":\"/a\",\"op\":\"exists\",\"parent\":\""
            + other
            + "\"}}",
        "runIf.parent"
      },
    };
    for (String[] bad : refused) {
      JsonNode problem = assertProblem(ujm.post("/api/v2/jobs", bad[0]), 400, "invalid-option");
      assertThat(problem.path("field").asText()).as(bad[0]).isEqualTo(bad[1]);
    }
    JsonNode inBatch =
        assertProblem(
            ujm.post(
                "/api/v2/jobs/batch",
                "{\"jobs\":[{\"type\":\"noop\"},{\"type\":\"noop\",\"runWhen\":\"finished\"}]}"),
            400,
            "invalid-option");
    assertThat(inBatch.path("field").asText()).isEqualTo("jobs[1].runWhen");

    assertThat(ujm.admin().list(JobFilter.any().withLimit(100)).items())
        .extracting(j -> j.id())
        .containsExactly(parent);
  }

  @Test
  void a_compensation_whose_parents_all_completed_already_is_refused() {
    String parent = echo("{}");
    await().atMost(WAIT).until(() -> job(parent).path("state").asText().equals("completed"));

    JsonNode problem =
        assertProblem(
            ujm.post(
                "/api/v2/jobs",
                "{\"type\":\"noop\",\"dependsOn\":[\"" + parent + "\"],\"runWhen\":\"failed\"}"),
            400,
            "invalid-option");

    assertThat(problem.path("field").asText()).isEqualTo("dependsOn");
  }
}
