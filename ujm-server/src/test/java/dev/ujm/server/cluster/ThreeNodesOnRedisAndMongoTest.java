package dev.ujm.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.Json;
import dev.ujm.server.live.SseProbe;
import dev.ujm.test.MongoFixture;
import dev.ujm.test.RedisServer;
import dev.ujm.test.UjmProcess;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code ujm serve --store redis-mongo} processes on one real redis-server and one MongoDB
 * (the wire-protocol server in this JVM, reached by the nodes over TCP) acting as one system. The
 * nodes are started once and shared, so the tests run in order: those that need all three nodes
 * first (workers, readiness, keys, crawl politeness), then the {@code kill -9} of one node, then
 * what Redis losing its data or going away does to the two that are left.
 *
 * <p>The nodes' logs ({@code serve-N.log} in each node's data directory) are kept when a test
 * fails. What the in-process MongoDB cannot show (replica-set failover, majority write concern
 * across members, TTL expiry) is not checked here; see {@code docs/deployment.md}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeNodesOnRedisAndMongoTest {
  /**
   * Not shorter than the 15 s a cluster-wide duty's lock lives: when the killed node held the
   * orphan reaper's lock, no other node reaps before that lock expires, so a shorter lease would
   * not be what bounds the rescue.
   */
  private static final int LEASE_SECONDS = 15;

  private static final Duration CRAWL_DELAY = Duration.ofMillis(200);

  /**
   * What the host's own clock readings may be off by: its handler threads read them, and a loaded
   * machine may run them a few milliseconds late. Crawls on several nodes without shared politeness
   * come within a millisecond of each other.
   */
  private static final Duration HOST_CLOCK_SLACK = Duration.ofMillis(20);

  private final RedisServer redis = RedisServer.ephemeral();
  private final MongoFixture mongo = MongoFixture.inProcess();
  private final List<UjmProcess> nodes = new ArrayList<>();
  private final List<Path> dataDirs = new ArrayList<>();
  private final ExecutorService http = Executors.newFixedThreadPool(8);

  @BeforeAll
  void threeNodesOnOneRedisAndOneMongo(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path root)
      throws Exception {
    redis.start();
    mongo.start();
    Map<String, String> env = new HashMap<>();
    env.put("UJM_STORE", "redis-mongo");
    env.put("UJM_REDIS_URI", redis.uri());
    env.put("UJM_MONGO_URI", mongo.uri());
    env.put("UJM_MONGO_DB", mongo.freshDatabase());
    env.put("UJM_LEASE_SECONDS", String.valueOf(LEASE_SECONDS));
    env.put("UJM_HEARTBEAT_SECONDS", "3");
    env.put("UJM_WORKERS", "4");
    env.put("UJM_WORKERS_CRAWL", "1");
    env.put("UJM_WORKERS_KILLTEST", "32");
    env.put("UJM_WORKERS_FLUSHTEST", "16");
    env.put("UJM_WORKERS_EMPTYTEST", "16");
    env.put("UJM_WORKERS_STOPTEST", "16");
    env.put("UJM_CRAWL_ALLOW_PRIVATE_NETWORKS", "true");
    env.put("UJM_CRAWL_DEFAULT_DELAY_MS", "0");
    env.put("LOG_LEVEL", "WARN");
    for (int i = 1; i <= 3; i++) {
      Path dir = Files.createDirectories(root.resolve("node-" + i));
      dataDirs.add(dir);
      nodes.add(UjmProcess.start(dir, env));
    }
    for (UjmProcess node : nodes) {
      await().atMost(Duration.ofSeconds(90)).until(node::isHealthy);
    }
    await().atMost(Duration.ofSeconds(90)).until(() -> liveNodes(nodes.get(0)).size() == 3);
  }

  @AfterAll
  void stopEverything() throws Exception {
    http.shutdownNow();
    for (UjmProcess node : nodes) {
      node.close();
    }
    mongo.close();
    redis.close();
  }

  @Test
  @Order(1)
  void every_node_lists_every_live_node_and_reports_mongodb_and_redis_apart() throws Exception {
    Set<String> ids = new HashSet<>();
    for (Path dir : dataDirs) {
      ids.add(Files.readString(dir.resolve("node.id")).strip());
    }
    for (UjmProcess node : nodes) {
      assertThat(liveNodes(node)).containsExactlyInAnyOrderElementsOf(ids);
      JsonNode ready = Json.mapper().readTree(Http.get(node.port(), "/ready", null).body());
      assertThat(ready.path("status").asText()).isEqualTo("ready");
      assertThat(ready.path("backends").path("store").path("name").asText())
          .isEqualTo("redis-mongo");
      assertThat(ready.path("backends").path("mongo").path("ready").asBoolean()).isTrue();
      assertThat(ready.path("backends").path("redis").path("ready").asBoolean()).isTrue();
    }
  }

  @Test
  @Order(1)
  void a_client_of_one_node_sees_the_events_of_jobs_submitted_on_the_others() throws Exception {
    try (SseProbe stream = SseProbe.open(nodes.get(0).port(), UjmProcess.ADMIN_KEY, null)) {
      // A submit's "queued" is committed by the node that took it: on node 0's stream it can
      // only have come over Redis.
      List<String> ids = new ArrayList<>();
      for (UjmProcess other : nodes.subList(1, nodes.size())) {
        ids.add(
            other
                .postJson("/api/v2/jobs", Map.of("type", "sleep", "payload", Map.of("ms", 10)))
                .path("id")
                .asText());
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(ids)
                      .as("events on node 0's stream: %s", stream.data)
                      .allSatisfy(
                          id ->
                              assertThat(stream.states(id))
                                  .containsSubsequence("queued", "processing", "completed")));
    }
  }

  @Test
  @Order(2)
  void a_key_revoked_on_one_node_is_refused_by_every_node_within_a_second() throws Exception {
    JsonNode created =
        nodes
            .get(0)
            .postJson("/api/v2/keys", Map.of("role", "user", "userId", "carol", "name", "laptop"));
    String secret = created.path("key").asText();
    for (UjmProcess node : nodes) { // every node has read the key, so every node caches it
      assertThat(Http.get(node.port(), "/api/v2/jobs?limit=1", secret).statusCode()).isEqualTo(200);
    }

    assertThat(
            Http.delete(nodes.get(0).port(), "/api/v2/keys/" + created.path("id").asText())
                .statusCode())
        .isEqualTo(200);

    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              for (UjmProcess node : nodes) {
                if (Http.get(node.port(), "/api/v2/jobs?limit=1", secret).statusCode() != 401) {
                  return false;
                }
              }
              return true;
            });
  }

  @Test
  @Order(3)
  void crawls_of_one_host_on_several_nodes_keep_its_crawl_delay_and_read_its_robots_txt_once()
      throws Exception {
    int crawls = 6;
    try (CrawledSite site = new CrawledSite(CRAWL_DELAY, 3)) {
      List<String> ids = new ArrayList<>();
      ids.add(submitCrawl(nodes.get(0), site.section(0)));
      await().atMost(Duration.ofSeconds(30)).until(() -> site.requests().size() >= 2);
      for (int j = 1; j < crawls; j++) {
        ids.add(submitCrawl(nodes.get(j % nodes.size()), site.section(j)));
      }
      Set<String> ranOn = new HashSet<>();
      for (String id : ids) {
        JsonNode job = awaitFinished(nodes.get(1), id, Duration.ofSeconds(60));
        assertThat(job.path("state").asText()).as("crawl %s", id).isEqualTo("completed");
        history(nodes.get(2), id).stream()
            .filter(e -> e.path("transition").asText().equals("claim"))
            .forEach(e -> ranOn.add(e.path("workerId").asText().split("/")[0]));
      }

      assertThat(ranOn).as("nodes that ran the crawls").hasSizeGreaterThanOrEqualTo(2);
      List<CrawledSite.Request> requests = site.requests();
      assertThat(requests).hasSize(1 + crawls * 3);
      assertThat(requests.stream().filter(r -> r.path().equals("/robots.txt")).count())
          .as("robots.txt read once for every node")
          .isEqualTo(1);
      for (int i = 1; i < requests.size(); i++) {
        Duration gap =
            Duration.ofNanos(requests.get(i).startNanos() - requests.get(i - 1).endNanos());
        assertThat(gap)
            .as(
                "from the end of %s to the start of %s",
                requests.get(i - 1).path(), requests.get(i).path())
            .isGreaterThanOrEqualTo(CRAWL_DELAY.minus(HOST_CLOCK_SLACK));
      }
    }
  }

  @Test
  @Order(4)
  void five_thousand_jobs_over_three_nodes_one_killed_mid_run_all_complete_exactly_once()
      throws Exception {
    int total = 5_000;
    submitSleeps("killtest", total, nodes);
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> counts(nodes.get(0), "killtest").getOrDefault("completed", 0L) >= total / 3);
    UjmProcess victim = nodes.get(2);
    String victimId = Files.readString(dataDirs.get(2).resolve("node.id")).strip();
    victim.killHard();
    Instant killedAt = Instant.now();
    List<UjmProcess> alive = nodes.subList(0, 2);

    await()
        .atMost(Duration.ofSeconds(150))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> counts(alive.get(0), "killtest").getOrDefault("completed", 0L) == total);
    assertThat(counts(alive.get(1), "killtest")).containsOnly(Map.entry("completed", (long) total));

    List<JsonNode> jobs = list(alive.get(1), "killtest");
    assertThat(jobs).hasSize(total);
    List<String> retried =
        jobs.stream()
            .filter(j -> j.path("attempt").asInt() > 1)
            .map(j -> j.path("id").asText())
            .toList();
    int takenFromVictim = 0;
    for (String id : retried) {
      List<JsonNode> history = history(alive.get(0), id);
      List<JsonNode> completions =
          history.stream().filter(e -> e.path("transition").asText().equals("complete")).toList();
      assertThat(completions).as("completions of %s", id).hasSize(1);
      boolean victimHeldIt =
          history.stream()
              .anyMatch(
                  e ->
                      e.path("transition").asText().equals("claim")
                          && e.path("workerId").asText().startsWith(victimId + "/"));
      if (victimHeldIt && !completions.getFirst().path("workerId").asText().startsWith(victimId)) {
        takenFromVictim++;
        String requeued =
            history.stream()
                .filter(e -> e.path("transition").asText().startsWith("requeue"))
                .map(e -> e.path("at").asText())
                .findFirst()
                .orElse("never");
        assertThat(Instant.parse(completions.getFirst().path("at").asText()))
            .as(
                "%s, held by the node killed at %s (requeued at %s), finished within the lease and 5 s",
                id, killedAt, requeued)
            .isBefore(killedAt.plusSeconds(LEASE_SECONDS + 5));
      }
    }
    assertThat(takenFromVictim)
        .as("jobs the killed node held, finished by the others")
        .isPositive();
  }

  @Test
  @Order(5)
  void jobs_complete_when_redis_is_flushed_mid_run_and_when_it_restarts_empty() throws Exception {
    List<UjmProcess> alive = nodes.subList(0, 2);
    int total = 500;
    submitSleeps("flushtest", total, alive);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> counts(alive.get(0), "flushtest").getOrDefault("completed", 0L) >= 100);
    redis.flushAll();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> counts(alive.get(0), "flushtest").getOrDefault("completed", 0L) == total);

    submitSleeps("emptytest", total, alive);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> counts(alive.get(0), "emptytest").getOrDefault("completed", 0L) >= 100);
    redis.restart(); // without persistence: back empty
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> counts(alive.get(1), "emptytest").getOrDefault("completed", 0L) == total);
    assertThat(counts(alive.get(0), "flushtest"))
        .containsOnly(Map.entry("completed", (long) total));
    assertThat(counts(alive.get(0), "emptytest"))
        .containsOnly(Map.entry("completed", (long) total));
  }

  @Test
  @Order(6)
  void with_redis_stopped_every_submit_is_accepted_and_every_job_completes_once_it_is_back()
      throws Exception {
    List<UjmProcess> alive = nodes.subList(0, 2);
    redis.stop();
    JsonNode ready =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> Json.mapper().readTree(Http.get(alive.get(0).port(), "/ready", null).body()),
                r -> !r.path("backends").path("redis").path("ready").asBoolean());
    assertThat(ready.path("backends").path("mongo").path("ready").asBoolean()).isTrue();

    int total = 500;
    List<Future<Integer>> answers = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      UjmProcess node = alive.get(i % 2);
      String body = Json.mapper().writeValueAsString(sleep("stoptest", i));
      answers.add(http.submit(() -> Http.post(node.port(), "/api/v2/jobs", body).statusCode()));
    }
    for (Future<Integer> answer : answers) {
      assertThat(answer.get()).isEqualTo(201);
    }

    redis.start();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> counts(alive.get(1), "stoptest").getOrDefault("completed", 0L) == total);
  }

  private static Map<String, Object> sleep(String queue, int i) {
    return Map.of("type", "sleep", "queue", queue, "payload", Map.of("ms", 10 + i % 41));
  }

  /** Submits in batches of 250, one batch to each node in turn. */
  private void submitSleeps(String queue, int total, List<UjmProcess> to) throws Exception {
    int perBatch = 250;
    List<Future<HttpResponse<String>>> batches = new ArrayList<>();
    for (int start = 0; start < total; start += perBatch) {
      List<Map<String, Object>> jobs = new ArrayList<>();
      for (int i = start; i < Math.min(total, start + perBatch); i++) {
        jobs.add(sleep(queue, i));
      }
      UjmProcess node = to.get((start / perBatch) % to.size());
      String body = Json.mapper().writeValueAsString(Map.of("jobs", jobs));
      batches.add(http.submit(() -> Http.post(node.port(), "/api/v2/jobs/batch", body)));
    }
    for (Future<HttpResponse<String>> batch : batches) {
      HttpResponse<String> answer = batch.get();
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
      assertThat(Json.mapper().readTree(answer.body()).path("jobs")).hasSize(perBatch);
    }
  }

  private static String submitCrawl(UjmProcess node, String url) throws IOException {
    return node.postJson("/api/v2/jobs/crawl", Map.of("url", url, "maxPages", 10, "maxDepth", 2))
        .path("id")
        .asText();
  }

  private static JsonNode awaitFinished(UjmProcess node, String id, Duration atMost) {
    return await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> node.getJson("/api/v2/jobs/" + id),
            job -> Set.of("completed", "failed", "cancelled").contains(job.path("state").asText()));
  }

  private static Set<String> liveNodes(UjmProcess node) throws IOException {
    Set<String> ids = new HashSet<>();
    node.getJson("/api/v2/workers").path("nodes").forEach(n -> ids.add(n.path("nodeId").asText()));
    return ids;
  }

  /** Jobs of one queue per state, as {@code /api/v2/queues} counts them. */
  private static Map<String, Long> counts(UjmProcess node, String queue) throws IOException {
    HttpResponse<String> answer = Http.get(node.port(), "/api/v2/queues", UjmProcess.ADMIN_KEY);
    if (answer.statusCode() != 200) {
      throw new IOException(
          "GET /api/v2/queues answered " + answer.statusCode() + ": " + answer.body());
    }
    for (JsonNode q : Json.mapper().readTree(answer.body()).path("queues")) {
      if (q.path("queue").asText().equals(queue)) {
        Map<String, Long> counts = new HashMap<>();
        q.path("counts")
            .fields()
            .forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
        counts.values().removeIf(n -> n == 0);
        return counts;
      }
    }
    return Map.of();
  }

  private static List<JsonNode> list(UjmProcess node, String queue) throws IOException {
    List<JsonNode> jobs = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          node.getJson(
              "/api/v2/jobs?queue="
                  + queue
                  + "&limit=1000&fields=state,attempt"
                  + (cursor == null ? "" : "&cursor=" + cursor));
      page.path("items").forEach(jobs::add);
      cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText(null);
    } while (cursor != null);
    return jobs;
  }

  private static List<JsonNode> history(UjmProcess node, String id) throws IOException {
    List<JsonNode> events = new ArrayList<>();
    node.getJson("/api/v2/jobs/" + id + "/history?limit=1000").path("items").forEach(events::add);
    return events;
  }
}
