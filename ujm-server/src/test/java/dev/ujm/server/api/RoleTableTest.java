package dev.ujm.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.api.CreatedApiKey;
import dev.ujm.core.auth.ApiRole;
import dev.ujm.server.http.Access;
import dev.ujm.server.http.Route;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks the one table of who may call what ({@code ApiRoutes} with its {@link Access}) for six
 * callers: the operator, the admin of tenant {@code acme}, the admin of tenant {@code globex}, the
 * user alice of acme (who owns every resource asked for), the user bob of acme and alice's readonly
 * key. Every request names {@code ?tenant=acme}, so the operator works in acme and the admin of
 * globex is told, like for anything it may not see, that there is nothing there (404). No answer to
 * bob or to the admin of globex contains an id of alice's that it did not ask for itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleTableTest {
  @TempDir static Path dir;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private ServerFixture ujm;
  private final Map<String, Caller> callers = new LinkedHashMap<>();
  private String alice;
  private String acmeAdmin;

  /** One of the six callers and the status it gets when the table lets it through. */
  private record Caller(
      String name, ApiRole role, String key, boolean foreignTenant, boolean peer) {}

  /** Fresh resources of alice for one request, so writes never depend on an earlier probe. */
  private record Owned(
      String job, String cancelledJob, String schedule, String workflow, String file, String key) {
    List<String> ids() {
      return List.of(job, cancelledJob, schedule, workflow, file, key);
    }
  }

  /**
   * How to call one route and what it answers when allowed.
   *
   * @param ownedByAlice whether the request names a resource of alice's (bob gets 404)
   * @param peerStatus what bob gets when it is not 404 or the allowed answer (0: as allowed)
   */
  private record Probe(
      Function<Owned, String> path,
      Function<Owned, String> body,
      int allowed,
      boolean ownedByAlice,
      int peerStatus) {}

  @BeforeAll
  void start() {
    ujm = ServerFixture.start(dir);
    CreatedApiKey acme = ujm.key("admin", "acme", "root");
    CreatedApiKey globex = ujm.key("admin", "globex", "root");
    CreatedApiKey aliceKey = ujm.key("user", "acme", "alice");
    CreatedApiKey bob = ujm.key("user", "acme", "bob");
    CreatedApiKey readonly = ujm.key("readonly", "acme", "alice");
    alice = aliceKey.key();
    acmeAdmin = acme.key();
    callers.put(
        "operator",
        new Caller("operator", ApiRole.OPERATOR, ServerFixture.ADMIN_KEY, false, false));
    callers.put(
        "admin of acme", new Caller("admin of acme", ApiRole.ADMIN, acme.key(), false, false));
    callers.put(
        "admin of globex", new Caller("admin of globex", ApiRole.ADMIN, globex.key(), true, false));
    callers.put("alice", new Caller("alice", ApiRole.USER, alice, false, false));
    callers.put("bob", new Caller("bob", ApiRole.USER, bob.key(), false, true));
    callers.put(
        "alice readonly",
        new Caller("alice readonly", ApiRole.READONLY, readonly.key(), false, false));
  }

  @AfterAll
  void stop() {
    ujm.close();
  }

  private static final String JOB = "{\"type\":\"noop\",\"delaySeconds\":3600}";
  private static final String SCHEDULE =
      "{\"name\":\"yearly\",\"cron\":\"0 0 1 1 *\",\"job\":{\"type\":\"noop\"}}";
  private static final String WEBHOOK =
      "{\"url\":\"https://93.184.216.34/hook\",\"events\":[\"job.failed\"],\"secret\":\"a-secret-of-24-characters\"}";
  private static final String WORKFLOW =
      "{\"jobs\":[{\"ref\":\"a\",\"type\":\"noop\",\"queue\":\"parked\"}]}";

  /** Every route's probe, by "METHOD path" as the route list declares it. */
  private static Map<String, Probe> probes() {
    Map<String, Probe> p = new LinkedHashMap<>();
    p.put("GET /health", list("/health"));
    p.put("GET /ready", list("/ready"));
    p.put("GET /metrics", list("/metrics"));
    p.put("GET /openapi.json", list("/openapi.json"));
    p.put("GET /", list("/"));
    p.put("GET /admin", list("/admin"));
    p.put("POST /api/v2/jobs", submit("/api/v2/jobs", JOB));
    p.put("GET /api/v2/jobs", list("/api/v2/jobs"));
    p.put("POST /api/v2/jobs/batch", submit("/api/v2/jobs/batch", "{\"jobs\":[" + JOB + "]}"));
    p.put(
        "POST /api/v2/jobs/crawl",
        submit("/api/v2/jobs/crawl", "{\"url\":\"https://example.com/\",\"maxPages\":1}"));
    p.put(
        "GET /api/v2/jobs/status",
        new Probe(o -> "/api/v2/jobs/status?ids=" + o.job(), o -> null, 200, false, 0));
    p.put(
        "GET /api/v2/jobs/user/{userId}",
        new Probe(o -> "/api/v2/jobs/user/alice", o -> null, 200, false, 403));
    p.put("GET /api/v2/jobs/{id}", owned(o -> "/api/v2/jobs/" + o.job(), 200));
    p.put("DELETE /api/v2/jobs/{id}", owned(o -> "/api/v2/jobs/" + o.job(), 200));
    p.put(
        "POST /api/v2/jobs/{id}/retry",
        owned(o -> "/api/v2/jobs/" + o.cancelledJob() + "/retry", 200));
    p.put("POST /api/v2/jobs/{id}/clone", owned(o -> "/api/v2/jobs/" + o.job() + "/clone", 201));
    p.put("GET /api/v2/jobs/{id}/history", owned(o -> "/api/v2/jobs/" + o.job() + "/history", 200));
    p.put("GET /api/v2/jobs/{id}/result", owned(o -> "/api/v2/jobs/" + o.job() + "/result", 200));
    p.put(
        "GET /api/v2/jobs/{id}/wait",
        owned(o -> "/api/v2/jobs/" + o.job() + "/wait?timeoutSeconds=0&state=scheduled", 204));
    p.put("GET /api/v2/queues", list("/api/v2/queues"));
    p.put("GET /api/v2/workers", list("/api/v2/workers"));
    p.put("GET /api/v2/dead-letter", list("/api/v2/dead-letter"));
    p.put(
        "POST /api/v2/keys",
        new Probe(
            o -> "/api/v2/keys", o -> "{\"role\":\"user\",\"userId\":\"carl\"}", 201, false, 0));
    p.put("GET /api/v2/keys", list("/api/v2/keys"));
    p.put("DELETE /api/v2/keys/{id}", owned(o -> "/api/v2/keys/" + o.key(), 200));
    p.put(
        "POST /api/v2/files",
        new Probe(o -> "/api/v2/files?name=notes.txt", o -> "some notes", 201, false, 0));
    p.put("GET /api/v2/files", list("/api/v2/files"));
    p.put("GET /api/v2/files/{id}", owned(o -> "/api/v2/files/" + o.file(), 200));
    p.put("DELETE /api/v2/files/{id}", owned(o -> "/api/v2/files/" + o.file(), 204));
    p.put("GET /api/v2/job-types", list("/api/v2/job-types"));
    p.put("POST /api/v2/schedules", submit("/api/v2/schedules", SCHEDULE));
    p.put("GET /api/v2/schedules", list("/api/v2/schedules"));
    p.put("GET /api/v2/schedules/{id}", owned(o -> "/api/v2/schedules/" + o.schedule(), 200));
    p.put(
        "PUT /api/v2/schedules/{id}",
        new Probe(o -> "/api/v2/schedules/" + o.schedule(), o -> SCHEDULE, 200, true, 0));
    p.put("DELETE /api/v2/schedules/{id}", owned(o -> "/api/v2/schedules/" + o.schedule(), 204));
    p.put(
        "POST /api/v2/schedules/{id}/pause",
        owned(o -> "/api/v2/schedules/" + o.schedule() + "/pause", 200));
    p.put(
        "POST /api/v2/schedules/{id}/resume",
        owned(o -> "/api/v2/schedules/" + o.schedule() + "/resume", 200));
    p.put(
        "POST /api/v2/schedules/{id}/trigger",
        owned(o -> "/api/v2/schedules/" + o.schedule() + "/trigger", 201));
    p.put(
        "GET /api/v2/schedules/{id}/runs",
        owned(o -> "/api/v2/schedules/" + o.schedule() + "/runs", 200));
    p.put(
        "GET /api/v2/schedules/{id}/history",
        owned(o -> "/api/v2/schedules/" + o.schedule() + "/history", 200));
    p.put("POST /api/v2/workflows", submit("/api/v2/workflows", WORKFLOW));
    p.put("GET /api/v2/workflows/{id}", owned(o -> "/api/v2/workflows/" + o.workflow(), 200));
    p.put(
        "POST /api/v2/workflows/{id}/cancel",
        owned(o -> "/api/v2/workflows/" + o.workflow() + "/cancel", 200));
    p.put(
        "POST /api/v2/workflows/{id}/retry",
        owned(o -> "/api/v2/workflows/" + o.workflow() + "/retry", 200));
    p.put(
        "POST /api/v2/tenants",
        new Probe(o -> "/api/v2/tenants", o -> "{\"id\":\"t-" + o.job() + "\"}", 201, false, 0));
    p.put("GET /api/v2/tenants", list("/api/v2/tenants"));
    p.put("GET /api/v2/audit", list("/api/v2/audit"));
    p.put("GET /api/v2/usage", list("/api/v2/usage"));
    p.put("GET /api/v2/analytics", list("/api/v2/analytics?step=hour"));
    p.put("GET /api/v2/analytics/sla", list("/api/v2/analytics/sla?window=24h"));
    p.put("GET /api/v2/tenants/{tenantId}", list("/api/v2/tenants/acme"));
    p.put(
        "PUT /api/v2/tenants/{tenantId}",
        new Probe(o -> "/api/v2/tenants/acme", o -> "{\"weight\":2}", 200, false, 0));
    p.put(
        "POST /api/v1/crawl",
        new Probe(o -> "/api/v1/crawl", o -> "{\"url\":\"http://127.0.0.1:1/\"}", 400, false, 0));
    p.put("GET /api/v2/events", list("/api/v2/events"));
    p.put("GET /api/v2/ws", new Probe(o -> "/api/v2/ws", o -> null, 426, false, 0));
    p.put(
        "PATCH /api/v2/queues/{queue}",
        new Probe(o -> "/api/v2/queues/noop", o -> "{\"paused\":false}", 200, false, 0));
    p.put("GET /api/v2/monitor", list("/api/v2/monitor"));
    p.put("GET /api/v2/recommendations", list("/api/v2/recommendations"));
    p.put("GET /api/v2/workflows", list("/api/v2/workflows"));
    p.put("GET /schedules", list("/schedules"));
    p.put("GET /workflows", list("/workflows"));
    p.put("GET /api/v2/alerts", list("/api/v2/alerts"));
    p.put("POST /api/v2/webhooks", submit("/api/v2/webhooks", WEBHOOK));
    p.put("GET /api/v2/webhooks", list("/api/v2/webhooks"));
    p.put(
        "DELETE /api/v2/webhooks/{id}",
        new Probe(o -> "/api/v2/webhooks/none-such", o -> null, 404, false, 0));
    return p;
  }

  private static Probe list(String path) {
    return new Probe(o -> path, o -> null, 200, false, 0);
  }

  private static Probe submit(String path, String body) {
    return new Probe(o -> path, o -> body, 201, false, 0);
  }

  private static Probe owned(Function<Owned, String> path, int allowed) {
    return new Probe(path, o -> null, allowed, true, 0);
  }

  /** What the table says this caller gets from this route. */
  private static int expected(Route route, Probe probe, Caller caller) {
    if (route.access() == Access.PUBLIC) {
      return probe.allowed();
    }
    if (!route.access().allows(caller.role())) {
      return 403;
    }
    if (caller.foreignTenant()) {
      return 404;
    }
    if (caller.peer() && probe.ownedByAlice()) {
      return 404;
    }
    if (caller.peer() && probe.peerStatus() != 0) {
      return probe.peerStatus();
    }
    return probe.allowed();
  }

  @Test
  void every_route_has_a_probe_and_answers_each_role_as_the_table_says() throws Exception {
    Map<String, Probe> probes = probes();
    List<Route> routes = ujm.server().routes();
    assertThat(probes.keySet())
        .containsExactlyInAnyOrderElementsOf(routes.stream().map(RoleTableTest::name).toList());
    List<String> wrong = new ArrayList<>();
    for (Route route : routes) {
      Probe probe = probes.get(name(route));
      for (Caller caller : callers.values()) {
        Owned owned = ownedByAlice();
        String path = probe.path().apply(owned);
        Answer answer =
            send(
                route.method().name(),
                path + (path.contains("?") ? "&" : "?") + "tenant=acme",
                route.access() == Access.PUBLIC ? null : caller.key(),
                probe.body().apply(owned),
                route.waits());
        int want = expected(route, probe, caller);
        if (answer.status() != want) {
          wrong.add(name(route) + " as " + caller.name() + ": " + answer + ", want " + want);
        }
        if (caller.foreignTenant() || caller.peer()) {
          for (String id : owned.ids()) {
            if (!path.contains(id) && answer.body().contains(id)) {
              wrong.add(name(route) + " as " + caller.name() + " shows " + id);
            }
          }
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void the_role_table_of_the_docs_lists_every_route_with_its_access() throws Exception {
    String api = Files.readString(Path.of("..", "docs", "api.md"));
    Matcher section =
        Pattern.compile("<!-- role-table -->\\n(.*?)\\n\\n", Pattern.DOTALL).matcher(api);
    assertThat(section.find()).as("a table marked <!-- role-table --> in docs/api.md").isTrue();
    Set<String> documented = new TreeSet<>();
    Matcher row =
        Pattern.compile("^\\| `([A-Z]+) ([^`]+)` \\| `([a-z]+)` \\|", Pattern.MULTILINE)
            .matcher(section.group(1));
    while (row.find()) {
      documented.add(row.group(1) + " " + row.group(2) + " " + row.group(3));
    }
    Set<String> declared =
        ujm.server().routes().stream()
            .map(r -> name(r) + " " + r.access().name().toLowerCase(java.util.Locale.ROOT))
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(documented).isEqualTo(declared);
  }

  private static String name(Route route) {
    return route.method().name() + " " + route.path();
  }

  /** Alice's resources, made fresh for one request. */
  private Owned ownedByAlice() {
    String job = idOf(ujm.send("POST", "/api/v2/jobs", alice, JOB));
    String cancelled = idOf(ujm.send("POST", "/api/v2/jobs", alice, JOB));
    ujm.send("DELETE", "/api/v2/jobs/" + cancelled, alice, null);
    String schedule = idOf(ujm.send("POST", "/api/v2/schedules", alice, SCHEDULE));
    String workflow = idOf(ujm.send("POST", "/api/v2/workflows", alice, WORKFLOW));
    String file = idOf(ujm.send("POST", "/api/v2/files?name=a.txt", alice, "alice's text"));
    String key =
        idOf(ujm.send("POST", "/api/v2/keys", acmeAdmin, "{\"role\":\"user\",\"userId\":\"dan\"}"));
    return new Owned(job, cancelled, schedule, workflow, file, key);
  }

  private static String idOf(HttpResponse<String> created) {
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return ServerFixture.json(created).path("id").asText();
  }

  private record Answer(int status, String body) {
    @Override
    public String toString() {
      return status + " " + body.substring(0, Math.min(200, body.length()));
    }
  }

  /** One request; the body of a stream that stays open (SSE) is not read. */
  private Answer send(String method, String path, String key, String body, boolean streams)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(ujm.uri(path)).timeout(Duration.ofSeconds(30));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<InputStream> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = response.body()) {
      boolean open =
          streams
              && response.statusCode() == 200
              && response.headers().firstValue("Content-Type").orElse("").contains("event-stream");
      String text = open ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new Answer(response.statusCode(), text);
    }
  }
}
