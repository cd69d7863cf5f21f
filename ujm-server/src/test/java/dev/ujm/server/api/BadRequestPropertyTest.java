package dev.ujm.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ujm.api.SubmitJobRequest;
import dev.ujm.core.auth.ApiKey;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.Json;
import dev.ujm.core.store.JobQuery;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few thousand generated bad requests, to every endpoint: values of the wrong type, deep nesting,
 * control characters, extreme numbers and dates, bad cursors and ids, wrong methods. Each must
 * answer a 4xx problem+json, and afterwards the store holds exactly the jobs and keys it held
 * before, unchanged. Every request starts from a valid one and breaks exactly one thing, so a
 * request that is wrongly accepted shows at once; the generator is seeded, so a failure can be
 * replayed (the seed is in the assertion message).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadRequestPropertyTest {
  private static final int REQUESTS = 2000;
  private static final long SEED = Long.getLong("ujm.fuzz.seed", 20_261_201L);
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  @TempDir static Path dir;
  private ServerFixture ujm;
  private Random random;
  private String userKey;
  private String readonlyKey;
  private List<String> existing;

  /** One generated request. */
  record Request(String method, String path, String key, String body) {
    @Override
    public String toString() {
      String shown = body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
      return method
          + " "
          + (path.length() > 300 ? path.substring(0, 300) + "…" : path)
          + " "
          + shown;
    }
  }

  @BeforeAll
  void start() {
    ujm =
        ServerFixture.start(
            dir, Map.of("UJM_SYNC_WAIT_SECONDS", "1", "UJM_MAX_PAYLOAD_BYTES", "262144"), b -> {});
    userKey = ujm.key("user", "default", "fuzz-user").key();
    readonlyKey = ujm.key("readonly", "default", "fuzz-reader").key();
    String scheduled =
        ujm.admin().submit(SubmitJobRequest.of("noop", null).withDelaySeconds(86_400L)).job().id();
    String cancelled =
        ujm.admin().submit(SubmitJobRequest.of("noop", null).withDelaySeconds(86_400L)).job().id();
    ujm.admin().cancel(cancelled);
    String completed = ujm.admin().submit(SubmitJobRequest.of("echo", null)).job().id();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ujm.admin().get(completed).state().equals("completed"));
    existing = List.of(scheduled, cancelled, completed);
  }

  @AfterAll
  void stop() {
    ujm.close();
  }

  /** Every job and key as the stores hold them, in a comparable form. */
  private List<String> snapshot() throws Exception {
    var engine = ujm.server().backend().engine();
    List<String> all = new ArrayList<>();
    for (Job job : engine.jobs().store().find(JobQuery.all(1000)).items()) {
      all.add(Json.mapper().writeValueAsString(job));
    }
    for (ApiKey key : engine.keys().list(null, null, 1000).items()) {
      all.add(Json.mapper().writeValueAsString(key));
    }
    return all;
  }

  @Test
  void every_generated_bad_request_answers_a_4xx_problem_and_changes_nothing() throws Exception {
    random = new Random(SEED);
    List<String> before = snapshot();
    List<Supplier<Request>> generators =
        List.of(
            this::badSubmit,
            this::badBatch,
            this::badCrawl,
            this::badKey,
            this::badPathId,
            this::badListQuery,
            this::badStatusOrWait,
            this::wrongMethod);
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < REQUESTS && failures.size() < 20; i++) {
      Request request = generators.get(random.nextInt(generators.size())).get();
      HttpResponse<String> answer;
      try {
        answer = ujm.send(request.method(), request.path(), request.key(), request.body());
      } catch (IllegalStateException e) {
        failures.add("#" + i + " " + request + " -> " + e.getMessage());
        continue;
      }
      String problem = problemOf(answer);
      if (problem != null) {
        failures.add("#" + i + " " + request + " -> " + answer.statusCode() + " " + problem);
      }
    }

    assertThat(failures).as("seed %d", SEED).isEmpty();
    assertThat(snapshot()).as("the stores after the bad requests").isEqualTo(before);
  }

  /** Null when the answer is a 4xx problem+json, else what is wrong with it. */
  private static String problemOf(HttpResponse<String> answer) {
    int status = answer.statusCode();
    if (status < 400 || status > 499) {
      return "not a 4xx: " + abbreviate(answer.body());
    }
    String type = answer.headers().firstValue("Content-Type").orElse("");
    if (!type.startsWith("application/problem+json")) {
      return "content type " + type + ": " + abbreviate(answer.body());
    }
    try {
      JsonNode problem = Json.mapper().readTree(answer.body());
      if (!problem.path("type").asText().startsWith("https://ujm.dev/problems/")
          || problem.path("status").asInt() != status
          || problem.path("detail").asText().isBlank()) {
        return "not a problem: " + abbreviate(answer.body());
      }
    } catch (Exception e) {
      return "not JSON: " + abbreviate(answer.body());
    }
    return null;
  }

  private static String abbreviate(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }

  // --- values ---

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  @SafeVarargs
  private <T> T oneOf(Supplier<T>... options) {
    return options[random.nextInt(options.length)].get();
  }

  private String controlCharacter() {
    return String.valueOf(
        pick(
            List.of('\u0000', '\n', '\r', '\t', '\u0007', '\u001b', '\u007f', '\u0085', '\u2028')));
  }

  private String withControl(String text) {
    int at = random.nextInt(text.length() + 1);
    return text.substring(0, at) + controlCharacter() + text.substring(at);
  }

  private JsonNode nested(int depth) {
    JsonNode node = JSON.numberNode(1);
    for (int i = 0; i < depth; i++) {
      node = random.nextBoolean() ? JSON.arrayNode().add(node) : JSON.objectNode().set("a", node);
    }
    return node;
  }

  private JsonNode wrongType(JsonNode right) {
    List<Supplier<JsonNode>> others = new ArrayList<>();
    if (!right.isTextual()) {
      others.add(() -> JSON.textNode(String.valueOf(random.nextInt(100))));
      others.add(() -> JSON.textNode("x"));
    }
    if (!right.isNumber()) {
      others.add(() -> JSON.numberNode(random.nextInt(1000)));
      others.add(() -> JSON.numberNode(1.5));
    }
    if (!right.isBoolean()) {
      others.add(() -> JSON.booleanNode(random.nextBoolean()));
    }
    if (!right.isArray()) {
      others.add(() -> JSON.arrayNode().add(right));
    }
    if (!right.isObject()) {
      others.add(() -> JSON.objectNode().set("v", right));
    }
    return pick(others).get();
  }

  private JsonNode extremeNumber() {
    return oneOf(
        () -> JSON.numberNode(-1),
        () -> JSON.numberNode(Long.MIN_VALUE),
        () -> JSON.numberNode(new BigInteger("9".repeat(40))),
        () -> JSON.numberNode(1e300),
        () -> JSON.numberNode(-0.5),
        () -> JSON.numberNode(Long.MAX_VALUE));
  }

  private String extremeInstant() {
    return pick(
        List.of(
            "+999999999-12-31T23:59:59Z",
            "-999999999-01-01T00:00:00Z",
            "+294000-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "0001-01-01T00:00:00Z",
            "1900-01-01T00:00:00Z",
            "2026-13-45T99:99:99Z",
            "tomorrow",
            "",
            "2026-01-01T00:00:00",
            Instant.now().plus(Duration.ofDays(40_000)).toString()));
  }

  /** An extreme or malformed instant for a query parameter, where empty means no filter. */
  private String queryInstant() {
    String instant = extremeInstant();
    return instant.isEmpty() ? "yesterday" : instant;
  }

  private String badId() {
    return oneOf(
        () -> URLEncoder.encode(withControl("01a2239d"), StandardCharsets.UTF_8),
        () -> "%0d%0aINFO%20forged",
        () -> "x".repeat(1 + random.nextInt(3000)),
        () -> UUID.randomUUID().toString().toUpperCase(),
        () -> UUID.randomUUID() + "x",
        () -> "%00",
        () -> "..;",
        () -> "%2e%2e%2f",
        () -> URLEncoder.encode("é😀" + random.nextInt(), StandardCharsets.UTF_8),
        () -> "'%20OR%201%3D1",
        () -> UUID.randomUUID().toString());
  }

  private String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private String anyKey() {
    int which = random.nextInt(10);
    return which < 7 ? ServerFixture.ADMIN_KEY : which < 9 ? userKey : readonlyKey;
  }

  private String text(JsonNode node) {
    try {
      return Json.mapper().writeValueAsString(node);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Breaks a well-formed body by its structure rather than by one field. */
  private String brokenStructure(String valid) {
    return oneOf(
        () -> valid + " garbage",
        () -> valid + valid,
        () -> valid.substring(0, valid.length() - 1),
        () -> valid.replaceFirst("\\{", "{\"type\":\"noop\",\"type\":\"echo\","),
        () -> "[" + valid + "]",
        () -> "\"" + valid.replace("\"", "'") + "\"",
        () -> "",
        () -> "null",
        () -> {
          int depth = 1001 + random.nextInt(200);
          return "[{\"a\":".repeat(depth / 2) + "1" + "}]".repeat(depth / 2);
        },
        () -> "{\"a\":" + "[".repeat(1005) + "]".repeat(1005) + "}");
  }

  // --- generators ---

  /** A submit whose one field is bad; the rest is a harmless delayed job. */
  private ObjectNode badJob() {
    ObjectNode job = JSON.objectNode().put("type", "noop").put("delaySeconds", 86_400);
    switch (random.nextInt(13)) {
      case 0 ->
          job.set(
              "type",
              oneOf(
                  () -> wrongType(JSON.textNode("noop")),
                  () -> JSON.textNode(withControl("noop")),
                  () -> JSON.textNode("no-such-type-" + random.nextInt()),
                  () -> JSON.textNode(""),
                  () -> JSON.textNode("t".repeat(65 + random.nextInt(100)))));
      case 1 -> {
        job.put("type", "sleep");
        job.set(
            "payload",
            oneOf(
                () -> JSON.objectNode().put("ms", -1 - random.nextInt(100)),
                () -> JSON.objectNode().set("ms", wrongType(JSON.numberNode(1))),
                () -> JSON.objectNode().set("ms", extremeNumber()),
                () -> JSON.objectNode().put("ms", 1).put("extra", true),
                () -> JSON.arrayNode().add(1),
                () -> JSON.textNode("ms=1")));
      }
      case 2 -> job.set("payload", JSON.objectNode().set("a", nested(65 + random.nextInt(900))));
      case 3 ->
          job.set(
              "priority",
              oneOf(
                  () -> wrongType(JSON.textNode("high")),
                  () -> JSON.textNode("urgent"),
                  () -> JSON.textNode(withControl("high"))));
      case 4 ->
          job.set(
              "queue",
              oneOf(
                  () -> wrongType(JSON.textNode("q")),
                  () -> JSON.textNode(withControl("q")),
                  () -> JSON.textNode("a b/../c"),
                  () -> JSON.textNode("q".repeat(65))));
      case 5 -> {
        job.remove("delaySeconds");
        job.set(
            "runAt",
            random.nextInt(4) == 0
                ? wrongType(JSON.textNode("x"))
                : JSON.textNode(extremeInstant()));
      }
      case 6 ->
          job.set(
              "delaySeconds",
              random.nextBoolean() ? extremeNumber() : wrongType(JSON.numberNode(1)));
      case 7 ->
          job.set(
              random.nextBoolean() ? "maxAttempts" : "timeoutSeconds",
              oneOf(
                  () -> JSON.numberNode(random.nextBoolean() ? 0 : -3),
                  () -> JSON.numberNode(Integer.MAX_VALUE + 1L),
                  this::extremeNumber,
                  () -> wrongType(JSON.numberNode(1))));
      case 8 ->
          job.set(
              "idempotencyKey",
              oneOf(
                  () -> wrongType(JSON.textNode("k")),
                  () -> JSON.textNode(""),
                  () -> JSON.textNode("k".repeat(201)),
                  () -> JSON.textNode(withControl("key"))));
      case 9 -> {
        ArrayNode ids = JSON.arrayNode();
        switch (random.nextInt(4)) {
          case 0 -> ids.add(withControl("01a2239d-4534-729f-96f3-2563e13cbf68"));
          case 1 -> ids.add(UUID.randomUUID().toString());
          case 2 -> {
            for (int i = 0; i < 101; i++) {
              ids.add(UUID.randomUUID().toString());
            }
          }
          default -> ids.add(JSON.arrayNode().add(existing.getFirst()));
        }
        job.set("dependsOn", random.nextInt(5) == 0 ? JSON.textNode(existing.getFirst()) : ids);
      }
      case 10 -> {
        ArrayNode tags = JSON.arrayNode();
        switch (random.nextInt(5)) {
          case 0 -> tags.add(withControl("vip"));
          case 1 -> tags.add("t".repeat(65));
          case 2 -> tags.add(random.nextInt());
          case 3 -> tags.add("");
          default -> {
            for (int i = 0; i < 21; i++) {
              tags.add("t" + i);
            }
          }
        }
        job.set("tags", random.nextInt(5) == 0 ? JSON.textNode("vip") : tags);
      }
      case 11 -> job.put(pick(List.of("colour", "Type", "payload ", "id", "state")), 1);
      default -> job.put("runAt", Instant.now().plus(Duration.ofDays(1)).toString());
    }
    return job;
  }

  private Request badSubmit() {
    String body = random.nextInt(6) == 0 ? brokenStructure("{\"type\":\"noop\"}") : text(badJob());
    return new Request("POST", "/api/v2/jobs", anyKey(), body);
  }

  private Request badBatch() {
    String body =
        switch (random.nextInt(6)) {
          case 0 -> brokenStructure("{\"jobs\":[{\"type\":\"noop\"}]}");
          case 1 -> "{\"jobs\":" + text(wrongType(JSON.arrayNode())) + "}";
          case 2 -> "{\"jobs\":[]}";
          case 3 -> "{\"jobs\":[" + "{\"type\":\"noop\"},".repeat(1000) + "{\"type\":\"noop\"}]}";
          default ->
              text(
                  JSON.objectNode()
                      .set(
                          "jobs",
                          JSON.arrayNode()
                              .add(JSON.objectNode().put("type", "noop").put("delaySeconds", 60))
                              .add(badJob())));
        };
    return new Request("POST", "/api/v2/jobs/batch", anyKey(), body);
  }

  private Request badCrawl() {
    ObjectNode crawl = JSON.objectNode().put("url", "http://127.0.0.1:9/").put("maxPages", 1);
    switch (random.nextInt(7)) {
      case 0 -> crawl.remove("url");
      case 1 -> crawl.set("url", wrongType(JSON.textNode("u")));
      case 2 ->
          crawl.put(
              "url",
              pick(
                  List.of(
                      withControl("http://127.0.0.1:9/"),
                      "ftp://example.com/",
                      "/relative",
                      "http://",
                      "javascript:alert(1)")));
      case 3 ->
          crawl.set(
              random.nextBoolean() ? "maxPages" : "maxDepth",
              random.nextBoolean() ? extremeNumber() : wrongType(JSON.numberNode(1)));
      case 4 -> crawl.put("colour", "red");
      case 5 ->
          crawl.set(
              "priority", random.nextBoolean() ? JSON.numberNode(1) : JSON.textNode("urgent"));
      default -> crawl.set("idempotencyKey", JSON.numberNode(5));
    }
    String body = random.nextInt(6) == 0 ? brokenStructure(text(crawl)) : text(crawl);
    return new Request(
        "POST", random.nextBoolean() ? "/api/v2/jobs/crawl" : "/api/v1/crawl", anyKey(), body);
  }

  private Request badKey() {
    ObjectNode key =
        JSON.objectNode().put("role", "user").put("userId", "fuzz").put("tenantId", "fuzz-t");
    switch (random.nextInt(6)) {
      case 0 ->
          key.set(
              "role",
              oneOf(
                  () -> wrongType(JSON.textNode("user")),
                  () -> JSON.textNode("owner"),
                  () -> JSON.textNode(withControl("user"))));
      case 1 ->
          key.set(
              "userId",
              oneOf(
                  () -> wrongType(JSON.textNode("u")),
                  () -> JSON.textNode(withControl("fuzz")),
                  () -> JSON.textNode("a b"),
                  () -> JSON.textNode("u".repeat(129))));
      case 2 -> key.put("tenantId", random.nextBoolean() ? withControl("acme") : "ac/me");
      case 3 ->
          key.set(
              "name",
              random.nextBoolean()
                  ? JSON.textNode(withControl("laptop"))
                  : JSON.textNode("n".repeat(201)));
      case 4 -> key.put("secret", "mine");
      default -> key.remove("userId");
    }
    String key0 =
        random.nextInt(5) == 0 ? pick(List.of(userKey, readonlyKey)) : ServerFixture.ADMIN_KEY;
    return new Request("POST", "/api/v2/keys", key0, text(key));
  }

  private Request badPathId() {
    String id = badId();
    return switch (random.nextInt(10)) {
      case 0 -> new Request("GET", "/api/v2/jobs/" + id, anyKey(), null);
      case 1 -> new Request("DELETE", "/api/v2/jobs/" + id, anyKey(), null);
      case 2 -> new Request("POST", "/api/v2/jobs/" + id + "/retry", anyKey(), null);
      case 3 -> new Request("POST", "/api/v2/jobs/" + id + "/clone", anyKey(), null);
      case 4 -> new Request("GET", "/api/v2/jobs/" + id + "/history", anyKey(), null);
      case 5 -> new Request("GET", "/api/v2/jobs/" + id + "/result", anyKey(), null);
      case 6 -> new Request("GET", "/api/v2/jobs/" + id + "/wait?timeoutSeconds=0", anyKey(), null);
      case 7 -> new Request("DELETE", "/api/v2/keys/" + id, ServerFixture.ADMIN_KEY, null);
      case 8 ->
          new Request(
              "GET", "/api/v2/jobs/user/" + (id.length() > 128 ? id : id + "%0a"), anyKey(), null);
      default -> new Request("GET", "/api/v2/jobs/" + id, null, null);
    };
  }

  private Request badListQuery() {
    String path =
        pick(
            List.of(
                "/api/v2/jobs",
                "/api/v2/dead-letter",
                "/api/v2/jobs/user/admin",
                "/api/v2/keys",
                "/api/v2/jobs/" + existing.get(2) + "/result"));
    String parameter =
        switch (random.nextInt(9)) {
          case 0 -> "state=" + q(pick(List.of("sleeping", "queued,bogus", withControl("queued"))));
          case 1 ->
              "limit=" + q(pick(List.of("0", "-1", "1001", "abc", "1e3", "99999999999", "1.5")));
          case 2 ->
              "cursor="
                  + q(pick(List.of("bad", "-1", withControl("c"), "01a2239d", "' OR 1=1 --")));
          case 3 -> (random.nextBoolean() ? "createdFrom=" : "createdBefore=") + q(queryInstant());
          case 4 ->
              "fields=" + q(pick(List.of("secret", "state,checkpoint", withControl("state"))));
          case 5 -> "view=" + q(pick(List.of("everything", "FULL", withControl("full"))));
          case 6 ->
              pick(List.of("type=", "queue=", "tag="))
                  + q(random.nextBoolean() ? withControl("x") : "x".repeat(201));
          case 7 -> "tenant=" + q(withControl("acme"));
          default -> "fields=state&view=full";
        };
    if (path.endsWith("/result") || path.equals("/api/v2/keys")) {
      // these lists take only limit and cursor (and tenant)
      parameter =
          pick(
              List.of(
                  "limit=" + q(pick(List.of("0", "1001", "abc"))),
                  "cursor=" + q(pick(List.of("bad", "-1", withControl("1")))),
                  "tenant=" + q(withControl("acme"))));
    }
    return new Request("GET", path + "?" + parameter, anyKey(), null);
  }

  private Request badStatusOrWait() {
    if (random.nextBoolean()) {
      String ids =
          switch (random.nextInt(4)) {
            case 0 -> existing.getFirst() + "," + q(withControl("x"));
            case 1 -> "not-an-id";
            case 2 -> {
              StringBuilder many = new StringBuilder();
              for (int i = 0; i < 1001; i++) {
                many.append(i == 0 ? "" : ",").append(UUID.randomUUID());
              }
              yield many.toString();
            }
            default -> "";
          };
      return new Request("GET", "/api/v2/jobs/status?ids=" + ids, anyKey(), null);
    }
    String parameter =
        random.nextBoolean()
            ? "timeoutSeconds=" + q(pick(List.of("-1", "301", "abc", "1e9", withControl("1"))))
            : "timeoutSeconds=0&state=" + q(pick(List.of("bogus", withControl("queued"))));
    return new Request(
        "GET", "/api/v2/jobs/" + existing.getFirst() + "/wait?" + parameter, anyKey(), null);
  }

  private Request wrongMethod() {
    return pick(
        List.of(
            new Request("PUT", "/api/v2/jobs", ServerFixture.ADMIN_KEY, "{\"type\":\"noop\"}"),
            new Request(
                "PATCH", "/api/v2/jobs/" + existing.getFirst(), ServerFixture.ADMIN_KEY, "{}"),
            new Request("POST", "/health", null, "{}"),
            new Request("DELETE", "/ready", null, null),
            new Request("POST", "/metrics", null, null),
            new Request("PUT", "/api/v2/keys", ServerFixture.ADMIN_KEY, "{}"),
            new Request("GET", "/api/v2/jobs/batch", ServerFixture.ADMIN_KEY, null),
            new Request("DELETE", "/api/v2/queues", ServerFixture.ADMIN_KEY, null),
            new Request("POST", "/api/v2/workers", ServerFixture.ADMIN_KEY, "{}"),
            new Request("GET", "/api/v1/crawl", ServerFixture.ADMIN_KEY, null),
            new Request("POST", "/openapi.json", null, null),
            new Request("GET", "/api/v2/no-such-endpoint", ServerFixture.ADMIN_KEY, null)));
  }
}
