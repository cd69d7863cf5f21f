package dev.ujm.server.api;

import static dev.ujm.server.api.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.ujm.core.auth.ApiKeyStore;
import dev.ujm.core.memory.InMemoryApiKeyStore;
import dev.ujm.core.memory.InMemoryJobStore;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.store.Stores;
import dev.ujm.server.engine.StoreBreaker;
import dev.ujm.server.engine.StoreFactory;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the job store fails, requests fail fast (a circuit breaker answers 503 with {@code
 * Retry-After} without asking the store) and the compatibility crawl runs inside the request
 * instead, marked {@code "fallback": true}; once the store answers again, so does the API.
 */
class CrawlFallbackAndBreakerTest {
  private static final Set<String> REQUEST_METHODS =
      Set.of("submit", "submitAll", "get", "getAll", "find", "history", "results", "stats");

  @TempDir Path dir;
  private HttpServer site;
  private String siteUrl;
  private final AtomicBoolean failing = new AtomicBoolean();
  private final AtomicInteger storeCalls = new AtomicInteger();

  @BeforeEach
  void startSite() throws IOException {
    site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    page("/", "<html><head><title>Home</title></head><body><a href=\"/a\">a</a></body></html>");
    page("/a", "<html><head><title>A</title></head><body>a</body></html>");
    site.start();
    siteUrl = "http://127.0.0.1:" + site.getAddress().getPort() + "/";
  }

  @AfterEach
  void stopSite() {
    site.stop(0);
  }

  private void page(String path, String html) {
    site.createContext(
        path,
        exchange -> {
          byte[] body =
              exchange.getRequestURI().getPath().equals(path)
                  ? html.getBytes(StandardCharsets.UTF_8)
                  : new byte[0];
          exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(
              body.length == 0 ? 404 : 200, body.length == 0 ? -1 : body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
  }

  /** A job store that fails every request-serving call while {@link #failing} is set. */
  private JobStore failingWhenAsked(JobStore real) {
    return (JobStore)
        Proxy.newProxyInstance(
            JobStore.class.getClassLoader(),
            new Class<?>[] {JobStore.class},
            (proxy, method, args) -> {
              if (REQUEST_METHODS.contains(method.getName())) {
                storeCalls.incrementAndGet();
                if (failing.get()) {
                  throw new IllegalStateException("disk I/O error");
                }
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** An API key store that fails every call while {@link #failing} is set. */
  private ApiKeyStore failingKeysWhenAsked(ApiKeyStore real) {
    return (ApiKeyStore)
        Proxy.newProxyInstance(
            ApiKeyStore.class.getClassLoader(),
            new Class<?>[] {ApiKeyStore.class},
            (proxy, method, args) -> {
              if (failing.get() && !method.getName().equals("close")) {
                throw new IllegalStateException("disk I/O error");
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private ServerFixture start(StoreFactory stores) {
    return ServerFixture.start(
        dir,
        Map.of(
            "UJM_CRAWL_ALLOW_PRIVATE_NETWORKS", "true",
            "UJM_CRAWL_DEFAULT_DELAY_MS", "0",
            "UJM_SYNC_WAIT_SECONDS", "20"),
        b ->
            b.stores(stores)
                .reconnectEvery(Duration.ofHours(1))
                .storeBreaker(new StoreBreaker(3, Duration.ofSeconds(3))));
  }

  private HttpResponse<String> crawlV1(ServerFixture ujm) {
    return ujm.post("/api/v1/crawl", "{\"url\":\"" + siteUrl + "\",\"maxPages\":5}");
  }

  @Test
  void with_the_store_down_the_compatibility_crawl_runs_inside_the_request() {
    StoreFactory down =
        (config, clock) -> {
          throw new IllegalStateException("cannot open the store: disk unavailable");
        };
    try (ServerFixture ujm = start(down)) {
      assertProblem(ujm.post("/api/v2/jobs", "{\"type\":\"noop\"}"), 503, "backend-unavailable");

      HttpResponse<String> crawl = crawlV1(ujm);

      assertThat(crawl.statusCode()).as(crawl.body()).isEqualTo(200);
      JsonNode answer = ServerFixture.json(crawl);
      assertThat(answer.path("fallback").asBoolean()).isTrue();
      assertThat(answer.has("jobId")).isFalse();
      assertThat(answer.path("state").asText()).isEqualTo("completed");
      assertThat(answer.path("pages").findValuesAsText("url"))
          .containsExactlyInAnyOrder(siteUrl, siteUrl + "a");
      assertProblem(
          ujm.post("/api/v1/crawl", "{\"url\":\"" + siteUrl + "\",\"maxPages\":0}"),
          400,
          "invalid-payload");
    }
  }

  @Test
  void a_failing_store_opens_the_breaker_so_requests_fail_fast_until_it_answers_again() {
    StoreFactory flaky =
        (config, clock) ->
            new Stores(failingWhenAsked(new InMemoryJobStore(clock)), new InMemoryApiKeyStore());
    try (ServerFixture ujm = start(flaky)) {
      assertThat(ujm.post("/api/v2/jobs", "{\"type\":\"noop\"}").statusCode()).isEqualTo(201);
      failing.set(true);

      for (int i = 0; i < 3; i++) {
        assertProblem(ujm.get("/api/v2/jobs"), 500, "internal-error");
      }
      int callsWhenOpened = storeCalls.get();
      HttpResponse<String> fast = ujm.get("/api/v2/jobs");
      assertProblem(fast, 503, "backend-unavailable");
      assertThat(fast.headers().firstValue("Retry-After"))
          .hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 3));
      assertProblem(ujm.post("/api/v2/jobs", "{\"type\":\"noop\"}"), 503, "backend-unavailable");
      assertThat(storeCalls.get()).isEqualTo(callsWhenOpened);
      assertThat(ujm.send("GET", "/ready", null, null).statusCode()).isEqualTo(503);

      JsonNode fallback = ServerFixture.json(crawlV1(ujm));
      assertThat(fallback.path("fallback").asBoolean()).isTrue();
      assertThat(fallback.path("pages")).hasSize(2);

      failing.set(false);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> ujm.get("/api/v2/jobs").statusCode() == 200);
      assertThat(ujm.send("GET", "/ready", null, null).statusCode()).isEqualTo(200);
      JsonNode crawl = ServerFixture.json(crawlV1(ujm));
      assertThat(crawl.has("fallback")).isFalse();
      assertThat(crawl.path("jobId").asText()).isNotBlank();
    }
  }

  @Test
  void while_the_key_store_fails_keys_seen_lately_still_crawl_but_one_revoked_here_does_not() {
    StoreFactory flaky =
        (config, clock) ->
            new Stores(
                failingWhenAsked(new InMemoryJobStore(clock)),
                failingKeysWhenAsked(new InMemoryApiKeyStore()));
    try (ServerFixture ujm = start(flaky)) {
      var kept = ujm.key("user", "default", "kept");
      var revoked = ujm.key("user", "default", "gone");
      for (var key : List.of(kept, revoked)) {
        assertThat(ujm.send("GET", "/api/v2/jobs", key.key(), null).statusCode()).isEqualTo(200);
      }
      ujm.admin().revokeKey(revoked.id());
      failing.set(true);

      String crawl = "{\"url\":\"" + siteUrl + "\",\"maxPages\":1}";
      HttpResponse<String> byKept = ujm.send("POST", "/api/v1/crawl", kept.key(), crawl);
      HttpResponse<String> byRevoked = ujm.send("POST", "/api/v1/crawl", revoked.key(), crawl);

      assertThat(byKept.statusCode()).as(byKept.body()).isEqualTo(200);
      assertThat(ServerFixture.json(byKept).path("fallback").asBoolean()).isTrue();
      assertThat(byRevoked.statusCode()).as(byRevoked.body()).isGreaterThanOrEqualTo(500);
      assertThat(byRevoked.body()).doesNotContain("fallback");
    }
  }
}
