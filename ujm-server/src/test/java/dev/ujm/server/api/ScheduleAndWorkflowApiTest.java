package dev.ujm.server.api;

import static dev.ujm.server.api.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schedule and workflow endpoints on a real server: the examples of docs/scheduling.md run as
 * written, and bad input is refused with problem+json and nothing stored.
 */
class ScheduleAndWorkflowApiTest {
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

  /** The JSON bodies of the docs' examples, in order, marked by the line before them. */
  private static List<String> examples(String marker) throws Exception {
    Path doc = Path.of("..", "docs", "scheduling.md");
    String text = Files.readString(doc);
    List<String> bodies = new ArrayList<>();
    Matcher m =
        Pattern.compile("<!-- " + marker + " -->\\s*```json\\n(.*?)```", Pattern.DOTALL)
            .matcher(text);
    while (m.find()) {
      bodies.add(m.group(1));
    }
    assertThat(bodies).as("examples marked %s in %s", marker, doc).isNotEmpty();
    return bodies;
  }

  @Test
  void the_schedule_example_of_the_docs_creates_a_schedule_showing_its_next_five_fires()
      throws Exception {
    for (String body : examples("schedule-example")) {
      HttpResponse<String> created = ujm.post("/api/v2/schedules", body);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      JsonNode schedule = ServerFixture.json(created);
      assertThat(schedule.path("nextFires")).hasSize(5);
      String id = schedule.path("id").asText();
      assertThat(ServerFixture.json(ujm.get("/api/v2/schedules/" + id)).path("nextFires"))
          .hasSize(5);

      HttpResponse<String> triggered = ujm.post("/api/v2/schedules/" + id + "/trigger", null);
      assertThat(triggered.statusCode()).as(triggered.body()).isEqualTo(201);
      String job = ServerFixture.json(triggered).path("id").asText();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  ServerFixture.json(ujm.get("/api/v2/jobs/" + job))
                      .path("state")
                      .asText()
                      .equals("completed"));
      JsonNode runs = ServerFixture.json(ujm.get("/api/v2/schedules/" + id + "/runs"));
      assertThat(runs.path("items").findValuesAsText("id")).containsExactly(job);
      assertThat(
              ServerFixture.json(ujm.get("/api/v2/schedules/" + id)).path("lastRunState").asText())
          .isEqualTo("completed");
      assertThat(
              ServerFixture.json(ujm.post("/api/v2/schedules/" + id + "/pause", null))
                  .path("enabled")
                  .asBoolean())
          .isFalse();
    }
  }

  @Test
  void the_workflow_example_of_the_docs_runs_to_its_end_with_its_callback() throws Exception {
    for (String body : examples("workflow-example")) {
      HttpResponse<String> submitted = ujm.post("/api/v2/workflows", body);
      assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
      String id = ServerFixture.json(submitted).path("id").asText();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  !ServerFixture.json(ujm.get("/api/v2/workflows/" + id))
                      .path("state")
                      .asText()
                      .equals("running"));
      JsonNode workflow = ServerFixture.json(ujm.get("/api/v2/workflows/" + id));
      assertThat(workflow.path("state").asText()).isEqualTo("completed");
      assertThat(workflow.path("edges")).isNotEmpty();
      assertThat(workflow.path("nodes").findValuesAsText("state"))
          .doesNotContain("waiting", "queued", "processing");
    }
  }

  private String submitWorkflow(String key, String name) {
    HttpResponse<String> answer =
        ujm.send(
            "POST",
            "/api/v2/workflows",
            key,
            "{\"name\":\""
                + name
                + "\",\"jobs\":[{\"ref\":\"a\",\"type\":\"noop\",\"payload\":{}},"
                + "{\"ref\":\"b\",\"type\":\"noop\",\"dependsOn\":[\"a\"]}]}");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    return ServerFixture.json(answer).path("id").asText();
  }

  @Test
  void workflows_are_listed_newest_first_in_pages_each_user_seeing_their_own_and_an_admin_all() {
    String alice = ujm.key("user", "default", "alice").key();
    String bob = ujm.key("user", "default", "bob").key();
    String first = submitWorkflow(alice, "first");
    String second = submitWorkflow(alice, "second");
    String bobs = submitWorkflow(bob, "bob's");
    String outsider = ujm.key("admin", "acme", "carol").key();

    JsonNode page = ServerFixture.json(ujm.send("GET", "/api/v2/workflows?limit=1", alice, null));
    JsonNode next =
        ServerFixture.json(
            ujm.send(
                "GET",
                "/api/v2/workflows?limit=1&cursor=" + page.path("nextCursor").asText(),
                alice,
                null));

    assertThat(page.path("items").findValuesAsText("id")).containsExactly(second);
    assertThat(next.path("items").findValuesAsText("id")).containsExactly(first);
    assertThat(next.path("nextCursor").isNull()).isTrue();
    assertThat(
            ServerFixture.json(ujm.send("GET", "/api/v2/workflows", bob, null))
                .path("items")
                .findValuesAsText("id"))
        .containsExactly(bobs);
    assertThat(
            ServerFixture.json(ujm.get("/api/v2/workflows")).path("items").findValuesAsText("id"))
        .containsExactly(bobs, second, first);
    assertThat(
            ServerFixture.json(ujm.send("GET", "/api/v2/workflows", outsider, null)).path("items"))
        .isEmpty();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                ServerFixture.json(ujm.send("GET", "/api/v2/workflows?limit=1", bob, null))
                    .path("items")
                    .get(0)
                    .path("state")
                    .asText()
                    .equals("completed"));
    JsonNode listed =
        ServerFixture.json(ujm.send("GET", "/api/v2/workflows", bob, null)).path("items").get(0);
    assertThat(listed.path("name").asText()).isEqualTo("bob's");
    assertThat(listed.path("total").asInt()).isEqualTo(2);
    assertThat(listed.path("jobs").path("completed").asInt()).isEqualTo(2);
    assertProblem(ujm.get("/api/v2/workflows?limit=0"), 400, "invalid-request");
    assertProblem(ujm.get("/api/v2/workflows?cursor=nope"), 400, "invalid-request");
  }

  @Test
  void a_batch_with_an_onComplete_callback_runs_it_once_with_the_summary() {
    HttpResponse<String> answer =
        ujm.post(
            "/api/v2/jobs/batch",
            "{\"jobs\":[{\"type\":\"noop\"},{\"type\":\"noop\"}],\"onComplete\":{\"type\":\"echo\",\"payload\":{\"to\":\"ops\"}}}");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    String batch = ServerFixture.json(answer).path("batchId").asText();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                ServerFixture.json(ujm.get("/api/v2/workflows/" + batch))
                    .path("nodes")
                    .findValuesAsText("state")
                    .stream()
                    .allMatch(s -> s.equals("completed") || s.equals("cancelled")));
    JsonNode nodes = ServerFixture.json(ujm.get("/api/v2/workflows/" + batch)).path("nodes");
    String callback = nodes.get(2).path("jobId").asText();
    JsonNode result = ServerFixture.json(ujm.get("/api/v2/jobs/" + callback)).path("result");
    assertThat(result.path("to").asText()).isEqualTo("ops");
    assertThat(result.path("batch").path("completed").asInt()).isEqualTo(2);
  }

  private void assertNothingStored() {
    assertThat(ServerFixture.json(ujm.get("/api/v2/schedules")).path("items")).isEmpty();
    assertThat(ServerFixture.json(ujm.get("/api/v2/jobs")).path("items")).isEmpty();
  }

  @Test
  void bad_schedules_and_workflows_are_refused_with_a_problem_naming_the_field_and_store_nothing() {
    JsonNode cron =
        assertProblem(
            ujm.post(
                "/api/v2/schedules",
                "{\"name\":\"x\",\"cron\":\"61 * * * *\",\"job\":{\"type\":\"noop\"}}"),
            400,
            "invalid-option");
    assertThat(cron.path("field").asText()).isEqualTo("cron");
    JsonNode zone =
        assertProblem(
            ujm.post(
                "/api/v2/schedules",
                "{\"name\":\"x\",\"cron\":\"@hourly\",\"timeZone\":\"Mars/Olympus\",\"job\":{\"type\":\"noop\"}}"),
            400,
            "invalid-option");
    assertThat(zone.path("field").asText()).isEqualTo("timeZone");
    JsonNode cycle =
        assertProblem(
            ujm.post(
                "/api/v2/workflows",
                "{\"jobs\":[{\"ref\":\"a\",\"type\":\"noop\",\"dependsOn\":[\"b\"]},{\"ref\":\"b\",\"type\":\"noop\",\"dependsOn\":[\"a\"]}]}"),
            400,
            "invalid-option");
    assertThat(cycle.path("detail").asText()).contains("cycle");
    JsonNode unknown =
        assertProblem(
            ujm.post(
                "/api/v2/workflows",
                "{\"jobs\":[{\"ref\":\"a\",\"type\":\"noop\",\"dependsOn\":[\"ghost\"]}]}"),
            400,
            "invalid-option");
    assertThat(unknown.path("detail").asText()).contains("'ghost'");
    JsonNode pointer =
        assertProblem(
            ujm.post(
                "/api/v2/workflows",
                "{\"jobs\":[{\"ref\":\"a\",\"type\":\"noop\"},{\"ref\":\"b\",\"type\":\"noop\",\"dependsOn\":[\"a\"],\"runIf\":{\"pointer\":\"pages\",\"op\":\">\",\"value\":0}}]}"),
            400,
            "invalid-option");
    assertThat(pointer.path("field").asText()).isEqualTo("jobs[1].runIf.pointer");
    assertProblem(ujm.get("/api/v2/schedules/nope"), 400, "invalid-request");
    assertProblem(ujm.get("/api/v2/workflows/nope"), 400, "invalid-request");
    String noSuchId = "01a2239d-4534-729f-96f3-2563e13cbf68";
    assertProblem(ujm.get("/api/v2/schedules/" + noSuchId), 404, "not-found");
    assertProblem(ujm.get("/api/v2/workflows/" + noSuchId), 404, "not-found");
    assertNothingStored();
  }

  @Test
  void another_users_schedule_answers_404() {
    String id =
        ServerFixture.json(
                ujm.post(
                    "/api/v2/schedules",
                    "{\"name\":\"x\",\"cron\":\"@daily\",\"job\":{\"type\":\"noop\"}}"))
            .path("id")
            .asText();
    String bob = ujm.key("user", "default", "bob").key();
    assertProblem(ujm.send("GET", "/api/v2/schedules/" + id, bob, null), 404, "not-found");
  }
}
