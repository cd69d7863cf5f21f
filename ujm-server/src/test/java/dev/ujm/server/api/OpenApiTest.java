package dev.ujm.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.api.SubmitJobRequest;
import dev.ujm.server.http.Route;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /openapi.json} describes exactly the routes the server registers, every described
 * operation answers, and the answers fit the described schemas.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiTest {
  @TempDir static Path dir;
  private ServerFixture ujm;
  private JsonNode document;
  private SchemaCheck schemas;

  @BeforeAll
  void start() {
    // the crawl and webhook operations are called with URLs on 127.0.0.1, which only a node
    // allowing private networks accepts
    ujm =
        ServerFixture.start(
            dir,
            Map.of(
                "UJM_SYNC_WAIT_SECONDS", "1",
                "UJM_CRAWL_ALLOW_PRIVATE_NETWORKS", "true",
                "UJM_WEBHOOK_ALLOW_PRIVATE_NETWORKS", "true"),
            b -> {});
    HttpResponse<String> response = ujm.send("GET", "/openapi.json", null, null);
    assertThat(response.statusCode()).isEqualTo(200);
    document = ServerFixture.json(response);
    schemas = new SchemaCheck(document);
  }

  @AfterAll
  void stop() {
    ujm.close();
  }

  private Set<String> describedOperations() {
    Set<String> operations = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        paths.hasNext(); ) {
      var path = paths.next();
      path.getValue()
          .fieldNames()
          .forEachRemaining(
              method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey()));
    }
    return operations;
  }

  @Test
  void the_description_is_openapi_3_1_and_every_reference_resolves() {
    assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
    List<String> refs = new ArrayList<>();
    collectRefs(document, refs);
    assertThat(refs).isNotEmpty();
    refs.forEach(
        ref ->
            schemas.resolve(dev.ujm.core.model.Json.mapper().createObjectNode().put("$ref", ref)));
  }

  @Test
  void every_registered_route_is_described_and_nothing_else() {
    Set<String> registered = new TreeSet<>();
    for (Route route : ujm.server().routes()) {
      registered.add(route.method().toString().toUpperCase(Locale.ROOT) + " " + route.path());
    }

    assertThat(describedOperations()).containsExactlyInAnyOrderElementsOf(registered);
  }

  @Test
  void every_described_operation_answers_and_its_answer_fits_the_schema() {
    List<String> failures = new ArrayList<>();
    for (String operation : describedOperations()) {
      String method = operation.substring(0, operation.indexOf(' '));
      String template = operation.substring(operation.indexOf(' ') + 1);
      if (isStream(method, template)) { // answers until the client leaves: check its status only
        int status = streamStatus(template);
        if (document
            .path("paths")
            .path(template)
            .path("get")
            .path("responses")
            .path(String.valueOf(status))
            .isMissingNode()) {
          failures.add(operation + " answered " + status + ", which is not described");
        }
        continue;
      }
      HttpResponse<String> response = call(method, template);
      if (response.statusCode() == 404 || response.statusCode() == 405) {
        failures.add(operation + " answered " + response.statusCode() + ": " + response.body());
        continue;
      }
      JsonNode described =
          document
              .path("paths")
              .path(template)
              .path(method.toLowerCase(Locale.ROOT))
              .path("responses")
              .path(String.valueOf(response.statusCode()));
      if (described.isMissingNode()) {
        failures.add(
            operation
                + " answered "
                + response.statusCode()
                + ", which is not described: "
                + response.body());
        continue;
      }
      JsonNode content = schemas.resolve(described).path("content");
      JsonNode schema = content.path("application/json").path("schema");
      if (schema.isMissingNode()) {
        schema = content.path("application/problem+json").path("schema");
      }
      if (!schema.isMissingNode() && !response.body().isEmpty()) {
        List<String> problems = schemas.problems(schema, ServerFixture.json(response));
        if (!problems.isEmpty()) {
          failures.add(
              operation + " " + response.statusCode() + " does not fit its schema: " + problems);
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void problem_answers_fit_the_problem_schema() {
    JsonNode problemSchema = document.path("components").path("schemas").path("Problem");
    for (HttpResponse<String> response :
        List.of(
            ujm.send("GET", "/api/v2/jobs", null, null),
            ujm.post("/api/v2/jobs", "{\"type\":\"sleep\",\"payload\":{\"ms\":-1}}"),
            ujm.get("/api/v2/jobs/nope"),
            ujm.get("/no/such/path"))) {
      assertThat(schemas.problems(problemSchema, ServerFixture.json(response)))
          .as(response.body())
          .isEmpty();
    }
  }

  private static final String WEBHOOK =
      "{\"url\":\"http://127.0.0.1:9/hook\",\"events\":[\"job.failed\"],"
          + "\"secret\":\"a-secret-of-some-length\"}";

  private static final String SCHEDULE =
      "{\"name\":\"nightly\",\"cron\":\"0 3 * * *\",\"timeZone\":\"Europe/Berlin\",\"job\":{\"type\":\"noop\"}}";
  private static final String WORKFLOW =
      "{\"jobs\":[{\"ref\":\"a\",\"type\":\"noop\"},{\"ref\":\"b\",\"type\":\"noop\",\"dependsOn\":[\"a\"]}]}";

  private boolean isStream(String method, String template) {
    return !document
        .path("paths")
        .path(template)
        .path(method.toLowerCase(Locale.ROOT))
        .path("responses")
        .path("200")
        .path("content")
        .path("text/event-stream")
        .isMissingNode();
  }

  /** Opens a stream, reads its status and leaves. */
  private int streamStatus(String path) {
    try {
      HttpResponse<java.io.InputStream> response =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(ujm.uri(path))
                      .header("Authorization", "Bearer " + ServerFixture.ADMIN_KEY)
                      .build(),
                  HttpResponse.BodyHandlers.ofInputStream());
      response.body().close();
      return response.statusCode();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Calls one described operation with a real job or key id and a minimal valid body. */
  private HttpResponse<String> call(String method, String template) {
    String path = template;
    if (template.startsWith("/api/v2/jobs/{id}")) {
      String id =
          ujm.admin().submit(SubmitJobRequest.of("noop", null).withDelaySeconds(3600L)).job().id();
      if (template.endsWith("/result") || template.endsWith("/clone")) {
        id = ujm.admin().submit(SubmitJobRequest.of("echo", null)).job().id();
        String done = id;
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> ujm.admin().get(done).state().equals("completed"));
      }
      if (template.endsWith("/retry")) {
        ujm.admin().cancel(id);
      }
      path = template.replace("{id}", id) + (template.endsWith("/wait") ? "?timeoutSeconds=0" : "");
    } else if (template.startsWith("/api/v2/schedules/{id}")) {
      path =
          template.replace(
              "{id}",
              ServerFixture.json(ujm.post("/api/v2/schedules", SCHEDULE)).path("id").asText());
    } else if (template.startsWith("/api/v2/workflows/{id}")) {
      path =
          template.replace(
              "{id}",
              ServerFixture.json(ujm.post("/api/v2/workflows", WORKFLOW)).path("id").asText());
    } else if (template.startsWith("/api/v2/keys/{id}")) {
      path = template.replace("{id}", ujm.key("user", "default", "someone").id());
    } else if (template.startsWith("/api/v2/files/{id}")) {
      String id =
          ServerFixture.json(ujm.post("/api/v2/files?name=a.txt", "hello")).get("id").asText();
      path = template.replace("{id}", id);
    } else if (template.startsWith("/api/v2/webhooks/{id}")) {
      path =
          template.replace(
              "{id}",
              ServerFixture.json(ujm.post("/api/v2/webhooks", WEBHOOK)).path("id").asText());
    } else if (template.contains("{queue}")) {
      path = template.replace("{queue}", "noop");
    } else if (template.contains("{tenantId}")) {
      path = template.replace("{tenantId}", "described");
    } else if (template.contains("{userId}")) {
      path = template.replace("{userId}", "admin");
    } else if (template.equals("/api/v2/jobs/status")) {
      path = template + "?ids=" + ujm.admin().submit(SubmitJobRequest.of("noop", null)).job().id();
    }
    String body =
        switch (method + " " + template) {
          case "POST /api/v2/jobs" -> "{\"type\":\"noop\"}";
          case "POST /api/v2/jobs/batch" ->
              "{\"jobs\":[{\"type\":\"noop\"},{\"type\":\"echo\",\"payload\":{\"a\":1}}]}";
          case "POST /api/v2/jobs/crawl", "POST /api/v1/crawl" ->
              "{\"url\":\"http://127.0.0.1:9/\",\"maxPages\":1}";
          case "POST /api/v2/keys" -> "{\"role\":\"readonly\",\"userId\":\"reader\"}";
          case "POST /api/v2/files" -> "a file's bytes";
          case "POST /api/v2/schedules", "PUT /api/v2/schedules/{id}" -> SCHEDULE;
          case "POST /api/v2/workflows" -> WORKFLOW;
          case "POST /api/v2/webhooks" -> WEBHOOK;
          case "PATCH /api/v2/queues/{queue}" -> "{\"paused\":false}";
          case "POST /api/v2/tenants" -> "{\"id\":\"t-" + java.util.UUID.randomUUID() + "\"}";
          case "PUT /api/v2/tenants/{tenantId}" -> "{\"weight\":2,\"quotas\":{\"maxQueued\":9}}";
          default -> null;
        };
    return ujm.send(method, path, ServerFixture.ADMIN_KEY, body);
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      if (node.has("$ref")) {
        refs.add(node.get("$ref").asText());
      }
      node.elements().forEachRemaining(child -> collectRefs(child, refs));
    } else if (node.isArray()) {
      node.elements().forEachRemaining(child -> collectRefs(child, refs));
    }
  }
}
