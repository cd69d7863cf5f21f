package dev.ujm.server.api;

import static dev.ujm.server.api.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.api.CreatedApiKey;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenant records and their quotas over a real server: each test gives its own tenant a record
 * (operator), submits as a user of that tenant, and checks the refusal and that nothing was stored.
 * Tenants without a record get the configured defaults, here a 4 KiB payload limit, weight 2, at
 * most 50 running and 1000 submits a minute.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuotaApiTest {
  @TempDir static Path dir;
  private ServerFixture ujm;

  private static final String PARKED = "{\"type\":\"noop\",\"delaySeconds\":3600}";

  @BeforeAll
  void start() {
    ujm =
        ServerFixture.start(
            dir,
            Map.of(
                "UJM_TENANT_DEFAULT_MAX_PAYLOAD_BYTES", "4096",
                "UJM_TENANT_DEFAULT_WEIGHT", "2",
                "UJM_TENANT_DEFAULT_MAX_RUNNING", "50",
                "UJM_RATE_TENANT_SUBMITS_PER_MINUTE", "1000"),
            b -> {});
  }

  @AfterAll
  void stop() {
    ujm.close();
  }

  /** A user key of a tenant whose record has these quotas. */
  private String userOf(String tenant, String quotas) {
    HttpResponse<String> created =
        ujm.post("/api/v2/tenants", "{\"id\":\"" + tenant + "\",\"quotas\":" + quotas + "}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    CreatedApiKey key = ujm.key("user", tenant, "u");
    return key.key();
  }

  private HttpResponse<String> submit(String key, String body) {
    return ujm.send("POST", "/api/v2/jobs", key, body);
  }

  private int jobsOf(String tenant) {
    return ServerFixture.json(ujm.get("/api/v2/jobs?limit=1000&tenant=" + tenant))
        .path("items")
        .size();
  }

  private static void assertQuota(HttpResponse<String> answer, int status, String quota) {
    JsonNode problem = assertProblem(answer, status, "quota-exceeded");
    assertThat(problem.path("field").asText()).isEqualTo("quotas." + quota);
    assertThat(problem.path("detail").asText()).contains(quota);
  }

  @Test
  void a_tenant_at_max_queued_is_refused_with_429_for_a_submit_a_batch_and_a_clone() {
    String user = userOf("queued", "{\"maxQueued\":2}");
    String first = ServerFixture.json(submit(user, PARKED)).path("id").asText();
    assertThat(submit(user, PARKED).statusCode()).isEqualTo(201);

    assertQuota(submit(user, PARKED), 429, "maxQueued");
    assertQuota(
        ujm.send("POST", "/api/v2/jobs/batch", user, "{\"jobs\":[" + PARKED + "]}"),
        429,
        "maxQueued");
    assertQuota(ujm.send("POST", "/api/v2/jobs/" + first + "/clone", user, null), 429, "maxQueued");
    assertThat(jobsOf("queued")).isEqualTo(2);

    ujm.send("DELETE", "/api/v2/jobs/" + first, user, null);
    assertThat(submit(user, PARKED).statusCode()).isEqualTo(201);
  }

  @Test
  void jobs_per_day_refuses_with_429_and_retry_after_and_a_batch_is_all_or_nothing() {
    String user = userOf("daily", "{\"jobsPerDay\":3}");
    assertThat(
            ujm.send(
                    "POST",
                    "/api/v2/jobs/batch",
                    user,
                    "{\"jobs\":[" + PARKED + "," + PARKED + "]}")
                .statusCode())
        .isEqualTo(201);

    HttpResponse<String> batch =
        ujm.send("POST", "/api/v2/jobs/batch", user, "{\"jobs\":[" + PARKED + "," + PARKED + "]}");
    assertQuota(batch, 429, "jobsPerDay");
    assertThat(batch.headers().firstValue("Retry-After")).isPresent();
    assertThat(jobsOf("daily")).isEqualTo(2);

    assertThat(submit(user, PARKED).statusCode()).isEqualTo(201);
    assertQuota(submit(user, PARKED), 429, "jobsPerDay");
    assertThat(jobsOf("daily")).isEqualTo(3);
  }

  @Test
  void the_monitor_shows_a_tenants_admin_its_quota_use_and_another_tenants_admin_nothing_of_it() {
    String user = userOf("watched", "{\"maxQueued\":7,\"jobsPerDay\":9}");
    submit(user, PARKED);
    submit(user, PARKED);
    String admin = ujm.key("admin", "watched", "boss").key();

    JsonNode use =
        ServerFixture.json(ujm.send("GET", "/api/v2/monitor", admin, null)).path("quotaUse");

    assertThat(use.path("tenantId").asText()).isEqualTo("watched");
    assertThat(use.path("waiting").asLong()).isEqualTo(2);
    assertThat(use.path("maxQueued").asInt()).isEqualTo(7);
    assertThat(use.path("running").asLong()).isZero();
    assertThat(use.path("maxRunning").asInt()).isEqualTo(50);
    assertThat(use.path("jobsToday").asLong()).isEqualTo(2);
    assertThat(use.path("jobsPerDay").asInt()).isEqualTo(9);
    assertThat(use.path("costToday").asDouble()).isEqualTo(2.0);
    assertThat(use.has("costPerDay")).isFalse();
    String stranger = ujm.key("admin", "elsewhere", "eve").key();
    assertProblem(
        ujm.send("GET", "/api/v2/monitor?tenant=watched", stranger, null), 404, "not-found");
    JsonNode own =
        ServerFixture.json(ujm.send("GET", "/api/v2/monitor", stranger, null)).path("quotaUse");
    assertThat(own.path("tenantId").asText()).isEqualTo("elsewhere");
    assertThat(own.has("jobsToday")).isFalse();
  }

  @Test
  void a_workflow_a_schedule_trigger_a_retry_and_the_compatibility_crawl_are_held_too() {
    String user = userOf("paths", "{\"maxQueued\":2,\"costPerDay\":50}");
    assertQuota(
        ujm.send(
            "POST",
            "/api/v2/workflows",
            user,
            "{\"name\":\"three\",\"jobs\":[{\"ref\":\"a\",\"type\":\"noop\"},"
                + "{\"ref\":\"b\",\"type\":\"noop\",\"dependsOn\":[\"a\"]},"
                + "{\"ref\":\"c\",\"type\":\"noop\",\"dependsOn\":[\"b\"]}]}"),
        429,
        "maxQueued");
    assertQuota(
        ujm.send(
            "POST", "/api/v1/crawl", user, "{\"url\":\"https://example.com/\",\"maxPages\":500}"),
        403,
        "costPerDay");
    assertThat(jobsOf("paths")).isZero();

    String first = ServerFixture.json(submit(user, PARKED)).path("id").asText();
    HttpResponse<String> schedule =
        ujm.send(
            "POST",
            "/api/v2/schedules",
            user,
            "{\"name\":\"nightly\",\"cron\":\"0 3 * * *\",\"job\":{\"type\":\"noop\",\"queue\":\"unserved\"}}");
    assertThat(schedule.statusCode()).as(schedule.body()).isEqualTo(201);
    String scheduleId = ServerFixture.json(schedule).path("id").asText();
    assertThat(
            ujm.send("POST", "/api/v2/schedules/" + scheduleId + "/trigger", user, null)
                .statusCode())
        .isEqualTo(201);
    assertQuota(
        ujm.send("POST", "/api/v2/schedules/" + scheduleId + "/trigger", user, null),
        429,
        "maxQueued");
    ujm.send("DELETE", "/api/v2/jobs/" + first, user, null);
    submit(user, PARKED);
    assertQuota(ujm.send("POST", "/api/v2/jobs/" + first + "/retry", user, null), 429, "maxQueued");
    assertThat(
            ServerFixture.json(ujm.send("GET", "/api/v2/jobs/" + first, user, null))
                .path("state")
                .asText())
        .isEqualTo("cancelled");
    assertThat(jobsOf("paths")).isEqualTo(3);
  }

  @Test
  void cost_per_day_refuses_an_absurd_job_with_403_and_a_spent_day_with_429() {
    String user = userOf("costly", "{\"costPerDay\":50}");

    assertQuota(
        ujm.send(
            "POST",
            "/api/v2/jobs/crawl",
            user,
            "{\"url\":\"https://example.com/\",\"maxPages\":5000}"),
        403,
        "costPerDay");
    String sleep = "{\"type\":\"sleep\",\"payload\":{\"ms\":30000},\"delaySeconds\":3600}";
    assertThat(submit(user, sleep).statusCode()).isEqualTo(201);
    assertQuota(submit(user, sleep), 429, "costPerDay");
    assertThat(jobsOf("costly")).isEqualTo(1);
  }

  @Test
  void a_type_outside_allowed_types_and_a_payload_over_the_default_limit_are_403() {
    String user = userOf("narrow", "{\"allowedTypes\":[\"noop\"]}");
    assertQuota(submit(user, "{\"type\":\"echo\",\"payload\":{\"a\":1}}"), 403, "allowedTypes");
    assertThat(submit(user, PARKED).statusCode()).isEqualTo(201);

    String plain = ujm.key("user", "plain", "u").key();
    String big = "{\"type\":\"echo\",\"payload\":{\"text\":\"" + "x".repeat(5000) + "\"}}";
    assertQuota(submit(plain, big), 403, "maxPayloadBytes");
    assertThat(jobsOf("plain")).isZero();
    assertThat(jobsOf("narrow")).isEqualTo(1);
  }

  @Test
  void a_tenant_shows_the_quotas_that_hold_and_is_replaced_whole() {
    JsonNode none = ServerFixture.json(ujm.get("/api/v2/tenants/nobody"));
    assertThat(none.path("configured").asBoolean(true)).isFalse();
    assertThat(none.path("weight").asDouble()).isEqualTo(2.0);
    assertThat(none.path("quotas").path("maxPayloadBytes").asLong()).isEqualTo(4096);
    assertThat(none.path("quotas").path("maxRunning").asInt()).isEqualTo(50);
    assertThat(none.path("quotas").path("submitsPerMinute").asInt()).isEqualTo(1000);
    assertThat(none.path("quotas").has("keySubmitsPerMinute")).isFalse();

    userOf("shown", "{\"maxQueued\":5}");
    HttpResponse<String> replaced =
        ujm.send(
            "PUT",
            "/api/v2/tenants/shown",
            ServerFixture.ADMIN_KEY,
            "{\"name\":\"Shown Ltd\",\"weight\":3,\"quotas\":{\"jobsPerDay\":9}}");
    assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);

    JsonNode shown = ServerFixture.json(ujm.get("/api/v2/tenants/shown"));
    assertThat(shown.path("name").asText()).isEqualTo("Shown Ltd");
    assertThat(shown.path("weight").asDouble()).isEqualTo(3.0);
    assertThat(shown.path("configured").asBoolean()).isTrue();
    assertThat(shown.path("quotas").has("maxQueued")).isFalse();
    assertThat(shown.path("quotas").path("jobsPerDay").asInt()).isEqualTo(9);
    assertThat(ServerFixture.json(ujm.get("/api/v2/tenants")).path("items").toString())
        .contains("\"shown\"");

    ujm.send(
        "PUT",
        "/api/v2/tenants/shown",
        ServerFixture.ADMIN_KEY,
        "{\"quotas\":{\"maxRunning\":3,\"submitsPerMinute\":0,\"keySubmitsPerMinute\":30}}");
    JsonNode rates = ServerFixture.json(ujm.get("/api/v2/tenants/shown"));
    assertThat(rates.path("weight").asDouble()).isEqualTo(2.0);
    assertThat(rates.path("quotas").path("maxRunning").asInt()).isEqualTo(3);
    assertThat(rates.path("quotas").has("submitsPerMinute")).isFalse();
    assertThat(rates.path("quotas").path("keySubmitsPerMinute").asInt()).isEqualTo(30);
  }

  @Test
  void the_tenant_example_of_the_docs_is_stored_as_written() throws Exception {
    String api = java.nio.file.Files.readString(Path.of("..", "docs", "api.md"));
    java.util.regex.Matcher example =
        java.util.regex.Pattern.compile(
                "<!-- tenant-example -->\\s*```json\\n(.*?)```", java.util.regex.Pattern.DOTALL)
            .matcher(api);
    assertThat(example.find()).isTrue();

    HttpResponse<String> created = ujm.post("/api/v2/tenants", example.group(1));

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode written = ServerFixture.json(created);
    JsonNode given = dev.ujm.core.model.Json.mapper().readTree(example.group(1));
    assertThat(written.path("weight").asDouble()).isEqualTo(given.path("weight").asDouble());
    assertThat(written.path("quotas").path("costPerDay").asDouble())
        .isEqualTo(given.path("quotas").path("costPerDay").asDouble());
    assertThat(written.path("quotas").path("allowedTypes"))
        .containsExactlyInAnyOrderElementsOf(given.path("quotas").path("allowedTypes"));
    assertThat(written.path("quotas").path("maxRunning"))
        .isEqualTo(given.path("quotas").path("maxRunning"));
  }

  @Test
  void bad_tenant_records_are_refused_naming_the_field_and_store_nothing() {
    JsonNode weight =
        assertProblem(
            ujm.post("/api/v2/tenants", "{\"id\":\"bad\",\"weight\":-1}"), 400, "invalid-request");
    assertThat(weight.path("field").asText()).isEqualTo("weight");
    JsonNode quota =
        assertProblem(
            ujm.post("/api/v2/tenants", "{\"id\":\"bad\",\"quotas\":{\"maxQueued\":-3}}"),
            400,
            "invalid-request");
    assertThat(quota.path("field").asText()).isEqualTo("quotas");
    for (String rate :
        List.of(
            "{\"submitsPerMinute\":-1}",
            "{\"keySubmitsPerMinute\":-5}",
            "{\"submitsPerMinute\":\"fast\"}",
            "{\"keySubmitsPerMinute\":[1]}",
            "{\"submitsPerMinute\":99999999999}")) {
      assertProblem(
          ujm.post("/api/v2/tenants", "{\"id\":\"bad\",\"quotas\":" + rate + "}"),
          400,
          "invalid-request");
      assertProblem(
          ujm.send(
              "PUT", "/api/v2/tenants/bad", ServerFixture.ADMIN_KEY, "{\"quotas\":" + rate + "}"),
          400,
          "invalid-request");
    }
    assertProblem(ujm.post("/api/v2/tenants", "{\"name\":\"no id\"}"), 400, "invalid-request");
    assertProblem(ujm.post("/api/v2/tenants", "{\"id\":\"a b\"}"), 400, "invalid-request");
    assertThat(ServerFixture.json(ujm.get("/api/v2/tenants/bad")).path("configured").asBoolean())
        .isFalse();

    assertThat(ujm.post("/api/v2/tenants", "{\"id\":\"twice\"}").statusCode()).isEqualTo(201);
    assertProblem(ujm.post("/api/v2/tenants", "{\"id\":\"twice\"}"), 409, "conflict");
  }
}
