package dev.ujm.server.api;

import static dev.ujm.server.api.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.client.JobFilter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Request bodies are read strictly: no value is coerced into another type, a body is one JSON
 * object with unique keys and nothing after it, and names, tags, keys, types and queues hold no
 * control characters. Each refusal is one problem naming the field; nothing is stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StrictJsonApiTest {
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

  private int jobCount() {
    return ujm.admin().list(JobFilter.any().withLimit(1000)).items().size();
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "delaySeconds|\"10\"",
        "delaySeconds|10.0",
        "delaySeconds|1e30",
        "delaySeconds|100000000000000000000000",
        "maxAttempts|1.5",
        "maxAttempts|\"3\"",
        "maxAttempts|true",
        "maxAttempts|10000000000",
        "timeoutSeconds|[5]",
        "tags|[1]",
        "tags|\"vip\"",
        "tags|{}",
        "idempotencyKey|5",
        "idempotencyKey|false",
        "idempotencyKey|[\"k\"]",
        "type|[\"noop\"]",
        "priority|1",
        "dependsOn|\"01a2239d-4534-729f-96f3-2563e13cbf68\"",
      })
  void a_value_of_another_type_is_refused_not_coerced_naming_the_field(String field, String json) {
    int before = jobCount();

    JsonNode problem =
        assertProblem(
            ujm.post(
                "/api/v2/jobs",
                field.equals("type")
                    ? "{\"type\":" + json + "}"
                    : "{\"type\":\"noop\",\"" + field + "\":" + json + "}"),
            400,
            "invalid-request");

    assertThat(problem.path("field").asText()).startsWith(field);
    assertThat(problem.path("detail").asText()).startsWith(problem.path("field").asText());
    assertThat(jobCount()).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "trailing garbage|{\"type\":\"noop\"} garbage",
        "two objects|{\"type\":\"noop\"}{\"type\":\"noop\"}",
        "an object and a number|{\"type\":\"noop\"} 1",
        "a duplicate key|{\"type\":\"noop\",\"type\":\"echo\"}",
        "a duplicate key in the payload|{\"type\":\"echo\",\"payload\":{\"a\":1,\"a\":2}}",
        "a bare string|\"noop\"",
        "an array|[{\"type\":\"noop\"}]",
      })
  void a_body_that_is_not_exactly_one_json_object_is_malformed(String what, String body) {
    int before = jobCount();

    assertProblem(ujm.post("/api/v2/jobs", body), 400, "malformed-json");
    assertProblem(ujm.post("/api/v2/jobs/batch", "{\"jobs\":[" + body + "]}"), 400, null);
    assertThat(jobCount()).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "type|{\"type\":\"noop\\u0000\"}",
        "type|{\"type\":\"noop\\n\"}",
        "queue|{\"type\":\"noop\",\"queue\":\"q\\u0007\"}",
        "tags[0]|{\"type\":\"noop\",\"tags\":[\"vip\\r\\n\"]}",
        "idempotencyKey|{\"type\":\"noop\",\"idempotencyKey\":\"k\\u001b[31m\"}",
        "dependsOn[0]|{\"type\":\"noop\",\"dependsOn\":[\"\\u0000\"]}",
        "priority|{\"type\":\"noop\",\"priority\":\"\\u001bhigh\"}",
        "priority|{\"type\":\"noop\",\"priority\":\"high\\r\"}",
      })
  void control_characters_in_types_queues_tags_and_keys_are_refused(String field, String body) {
    int before = jobCount();

    JsonNode problem = assertProblem(ujm.post("/api/v2/jobs", body), 400, "invalid-request");

    assertThat(problem.path("field").asText()).isEqualTo(field);
    assertThat(jobCount()).isEqualTo(before);
  }

  @Test
  void control_characters_in_key_names_users_tenants_and_roles_are_refused() {
    for (String body :
        new String[] {
          "{\"role\":\"user\",\"userId\":\"al\\nice\"}",
          "{\"role\":\"user\",\"userId\":\"alice\",\"tenantId\":\"acme\\u0000\"}",
          "{\"role\":\"user\",\"userId\":\"alice\",\"name\":\"laptop\\r\\nINFO forged\"}",
          "{\"role\":\"admin\\u0000\",\"userId\":\"alice\"}",
        }) {
      assertProblem(ujm.post("/api/v2/keys", body), 400, "invalid-request");
    }
    assertThat(ujm.admin().listKeys(null, null, 1000).items())
        .noneMatch(k -> k.userId().startsWith("al"));
  }

  @Test
  void control_characters_in_query_parameters_are_refused() {
    for (String query :
        new String[] {"type=noop%00", "queue=a%0a", "tag=x%0d%0a", "tenant=acme%00", "state=%07"}) {
      assertProblem(ujm.get("/api/v2/jobs?" + query), 400, "invalid-request");
    }
    String id =
        ujm.admin()
            .submit(dev.ujm.api.SubmitJobRequest.of("noop", null).withDelaySeconds(600L))
            .job()
            .id();
    assertProblem(
        ujm.get("/api/v2/jobs/" + id + "/wait?timeoutSeconds=0&state=scheduled%09"),
        400,
        "invalid-request");
  }

  @Test
  void a_well_formed_body_of_the_right_types_is_still_accepted() {
    var response =
        ujm.post(
            "/api/v2/jobs",
            "{\"type\":\"noop\",\"delaySeconds\":10,\"maxAttempts\":2,\"tags\":[\"a\"],"
                + "\"idempotencyKey\":\"strict-ok\",\"payload\":{}}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    assertThat(ServerFixture.json(response).path("state").asText()).isEqualTo("scheduled");
  }
}
