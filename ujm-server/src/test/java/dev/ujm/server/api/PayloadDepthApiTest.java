package dev.ujm.server.api;

import static dev.ujm.server.api.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.Json;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.JobStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A payload is refused at submit when it nests deeper than every answer carrying it could be
 * written back, so no single job can break the lists of its tenant; a job stored before that rule
 * still lists, and cannot be cloned.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PayloadDepthApiTest {
  @TempDir static Path dir;
  private ServerFixture ujm;

  @BeforeAll
  void start() {
    ujm = ServerFixture.start(dir, Map.of("UJM_WORKERS_ECHO", "0"), b -> {});
  }

  @AfterAll
  void stop() {
    ujm.close();
  }

  /** {@code {"a":[[[…]]]}} with the object and {@code depth - 1} arrays. */
  static String nested(int depth) {
    return "{\"a\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
  }

  private JobStore store() {
    return ujm.server().backend().engine().jobs().store();
  }

  @Test
  void a_payload_nested_997_deep_is_refused_at_submit_alone_and_in_a_batch() {
    long before = store().stats(null).totals().values().stream().mapToLong(Long::longValue).sum();

    JsonNode alone =
        assertProblem(
            ujm.post("/api/v2/jobs", "{\"type\":\"echo\",\"payload\":" + nested(997) + "}"),
            400,
            "invalid-payload");
    JsonNode inBatch =
        assertProblem(
            ujm.post(
                "/api/v2/jobs/batch",
                "{\"jobs\":[{\"type\":\"noop\"},{\"type\":\"echo\",\"payload\":"
                    + nested(997)
                    + "}]}"),
            400,
            "invalid-payload");

    assertThat(alone.path("field").asText()).isEqualTo("payload");
    assertThat(alone.path("detail").asText()).contains("at most 64");
    assertThat(inBatch.path("field").asText()).isEqualTo("jobs[1].payload");
    assertThat(store().stats(null).totals().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(before);
  }

  @Test
  void a_payload_at_the_bound_is_accepted_and_one_level_more_is_not() {
    assertThat(ujm.post("/api/v2/jobs", "{\"type\":\"echo\",\"payload\":" + nested(64) + "}"))
        .extracting(r -> r.statusCode())
        .isEqualTo(201);
    assertProblem(
        ujm.post("/api/v2/jobs", "{\"type\":\"echo\",\"payload\":" + nested(65) + "}"),
        400,
        "invalid-payload");
  }

  @Test
  void a_deep_job_stored_before_the_bound_still_lists_in_full_and_cannot_be_cloned()
      throws Exception {
    JsonNode deep = Json.mapper().readTree(nested(997));
    String id =
        store()
            .submit(
                NewJob.ofType("echo")
                    .payload(deep)
                    .queue("echo")
                    .tenant("default")
                    .owner("admin")
                    .actor("test")
                    .build())
            .job()
            .id();

    var full = ujm.get("/api/v2/jobs?view=full&limit=1000");
    assertThat(full.statusCode()).as(full.body()).isEqualTo(200);
    assertThat(ServerFixture.json(full).path("items").findValues("id"))
        .extracting(JsonNode::asText)
        .contains(id);
    assertThat(ujm.get("/api/v2/jobs/" + id).statusCode()).isEqualTo(200);
    assertThat(ujm.get("/api/v2/jobs?limit=1000").statusCode()).isEqualTo(200);

    JsonNode refused =
        assertProblem(ujm.post("/api/v2/jobs/" + id + "/clone", null), 400, "invalid-payload");
    assertThat(refused.path("field").asText()).isEqualTo("payload");
  }
}
