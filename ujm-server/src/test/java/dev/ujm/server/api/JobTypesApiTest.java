package dev.ujm.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.test.PluginJar;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v2/job-types} on a real server with a plugin jar built by the test and the
 * shipped process types; and the new types' bad payloads answered as problems with nothing stored.
 */
class JobTypesApiTest {
  private static final String MODULE =
      """
      package com.example.shout;

      import dev.ujm.core.handler.*;
      import java.util.List;
      import java.util.Map;
      import java.util.Locale;

      public final class ShoutModule implements JobModule {
        public record ShoutPayload(String text, List<String> also) {}

        @Override
        public List<JobDefinition<?>> definitions(JobEnvironment env) {
          return List.of(JobDefinition.of("shout", ShoutPayload.class,
              ctx -> JobOutcome.completed(Map.of("shouted", ctx.payload().text().toUpperCase(Locale.ROOT)))));
        }
      }
      """;

  @TempDir Path dir;
  private ServerFixture ujm;

  @BeforeEach
  void start() throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    PluginJar.build(
        plugins,
        "shout.jar",
        Map.of("com.example.shout.ShoutModule", MODULE),
        "com.example.shout.ShoutModule");
    Map<String, String> settings = new HashMap<>();
    settings.put("UJM_PLUGINS_DIR", plugins.toString());
    settings.put(
        "UJM_PROCESS_TYPES",
        Path.of("../examples/process").toAbsolutePath().normalize().toString());
    settings.put("UJM_SMTP_HOST", "127.0.0.1");
    settings.put("UJM_SMTP_FROM", "jobs@example.test");
    ujm = ServerFixture.start(dir.resolve("data"), settings, b -> {});
  }

  @AfterEach
  void stop() {
    ujm.close();
  }

  @Test
  void every_type_is_listed_with_the_json_schema_of_its_payload() {
    JsonNode list = ServerFixture.json(ujm.get("/api/v2/job-types"));
    Map<String, JsonNode> byName = new HashMap<>();
    list.get("items").forEach(t -> byName.put(t.get("type").asText(), t));

    assertThat(byName.keySet())
        .contains(
            "api-sync",
            "crawl",
            "echo",
            "email",
            "file-process",
            "report",
            "shout",
            "slugify",
            "word-count");
    assertThat(byName.values())
        .allSatisfy(t -> assertThat(t.get("payloadSchema").isObject()).isTrue());
    assertThat(byName.get("crawl").get("payloadSchema").at("/properties/url/type").asText())
        .isEqualTo("string");
    assertThat(byName.get("crawl").get("defaultTimeoutSeconds").asLong()).isPositive();
    assertThat(
            byName
                .get("email")
                .get("payloadSchema")
                .at("/properties/attachments/items/properties/fileId/type")
                .asText())
        .isEqualTo("string");
    assertThat(byName.get("shout").get("payloadSchema").at("/properties/also/items/type").asText())
        .isEqualTo("string");
    assertThat(byName.get("word-count").get("payloadSchema").get("required").toString())
        .isEqualTo("[\"lines\"]");
  }

  @Test
  void the_plugins_type_runs_through_the_api() {
    HttpResponse<String> submitted =
        ujm.post("/api/v2/jobs", "{\"type\":\"shout\",\"payload\":{\"text\":\"hi\"}}");
    String id = ServerFixture.json(submitted).get("id").asText();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ujm.admin().get(id).state().equals("completed"));
    assertThat(
            ServerFixture.json(ujm.get("/api/v2/jobs/" + id)).get("result").get("shouted").asText())
        .isEqualTo("HI");
  }

  @Test
  void the_operator_runs_maintenance_on_the_embedded_store_as_a_job() {
    String body =
        "{\"type\":\"maintenance\",\"payload\":{\"tasks\":"
            + "[\"purge\",\"checkpoint-wal\",\"incremental-vacuum\",\"integrity-check\"]}}";
    String id = ServerFixture.json(ujm.post("/api/v2/jobs", body)).get("id").asText();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> ujm.admin().get(id).state().equals("completed"));
    JsonNode result = ServerFixture.json(ujm.get("/api/v2/jobs/" + id)).get("result");
    assertThat(result.get("reports").findValuesAsText("task"))
        .containsExactly("purge", "checkpoint-wal", "incremental-vacuum", "integrity-check");
    assertThat(result.get("reports").get(3).get("summary").asText())
        .isEqualTo("the database is intact");
  }

  @Test
  void bad_payloads_of_the_new_types_are_problems_naming_the_field_and_nothing_is_stored() {
    Map<String, String> bad =
        Map.of(
            "{\"type\":\"email\",\"payload\":{\"to\":[\"nope\"],\"subject\":\"s\",\"text\":\"t\"}}",
                "payload.to",
            "{\"type\":\"file-process\",\"payload\":{\"fileId\":\"f\",\"steps\":[]}}",
                "payload.steps",
            "{\"type\":\"api-sync\",\"payload\":{\"url\":\"http://127.0.0.1/\"}}", "payload.url",
            "{\"type\":\"report\",\"payload\":{\"formats\":[\"doc\"]}}", "payload.formats",
            "{\"type\":\"word-count\",\"payload\":{\"lines\":\"x\"}}", "payload.lines",
            "{\"type\":\"shout\",\"payload\":{\"loud\":true}}", "payload.loud");
    bad.forEach(
        (body, field) -> {
          HttpResponse<String> response = ujm.post("/api/v2/jobs", body);
          assertThat(response.statusCode()).as(body).isEqualTo(400);
          assertThat(response.headers().firstValue("Content-Type"))
              .hasValue("application/problem+json");
          assertThat(ServerFixture.json(response).get("field").asText()).as(body).isEqualTo(field);
        });
    assertThat(ServerFixture.json(ujm.get("/api/v2/jobs")).get("items")).isEmpty();
  }
}
