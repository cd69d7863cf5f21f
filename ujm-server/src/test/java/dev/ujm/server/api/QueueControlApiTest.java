package dev.ujm.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.api.SubmitJobRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code PATCH /api/v2/queues/{queue}} pauses, resumes and resizes a queue's pools live; the queue
 * list, the workers, the metrics and the monitor show it; the decision survives a restart.
 */
class QueueControlApiTest {
  @TempDir Path dir;

  private static JsonNode queue(ServerFixture ujm, String name) {
    for (JsonNode q : ServerFixture.json(ujm.get("/api/v2/queues")).path("queues")) {
      if (q.path("queue").asText().equals(name)) {
        return q;
      }
    }
    throw new AssertionError("no queue " + name);
  }

  private static JsonNode pool(ServerFixture ujm, String name) {
    for (JsonNode p : ServerFixture.json(ujm.get("/api/v2/workers")).path("pools")) {
      if (p.path("queue").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no pool " + name);
  }

  @Test
  void a_paused_queue_keeps_its_backlog_visible_until_it_is_resumed() {
    try (ServerFixture ujm = ServerFixture.start(dir)) {
      var paused =
          ujm.send("PATCH", "/api/v2/queues/noop", ServerFixture.ADMIN_KEY, "{\"paused\":true}");
      assertThat(paused.statusCode()).isEqualTo(200);
      assertThat(ServerFixture.json(paused).path("paused").asBoolean()).isTrue();
      assertThat(ServerFixture.json(paused).path("updatedBy").asText()).isEqualTo("admin");

      String id = ujm.admin().submit(SubmitJobRequest.of("noop", null)).job().id();

      assertThat(queue(ujm, "noop").path("paused").asBoolean()).isTrue();
      assertThat(pool(ujm, "noop").path("paused").asBoolean()).isTrue();
      assertThat(ujm.send("GET", "/metrics", null, null).body())
          .contains("ujm_queue_paused{queue=\"noop\"} 1.0");
      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(5))
          .until(() -> ujm.admin().get(id).state().equals("queued"));
      assertThat(queue(ujm, "noop").path("counts").path("queued").asLong()).isEqualTo(1);

      ujm.send("PATCH", "/api/v2/queues/noop", ServerFixture.ADMIN_KEY, "{\"paused\":false}");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> ujm.admin().get(id).state().equals("completed"));
    }
  }

  @Test
  void
      a_pool_resized_or_autoscaled_by_patch_shows_its_new_size_and_the_decision_survives_a_restart() {
    try (ServerFixture ujm = ServerFixture.start(dir)) {
      ujm.send("PATCH", "/api/v2/queues/sleep", ServerFixture.ADMIN_KEY, "{\"size\":7}");
      assertThat(pool(ujm, "sleep").path("size").asInt()).isEqualTo(7);
      var scaled =
          ujm.send(
              "PATCH",
              "/api/v2/queues/echo",
              ServerFixture.ADMIN_KEY,
              "{\"autoscale\":{\"min\":2,\"max\":5}}");
      assertThat(ServerFixture.json(scaled).path("autoscale").path("max").asInt()).isEqualTo(5);
      assertThat(pool(ujm, "echo").path("autoscale").path("min").asInt()).isEqualTo(2);
      assertThat(pool(ujm, "echo").path("size").asInt()).isEqualTo(4);
    }
    try (ServerFixture again = ServerFixture.start(dir)) {
      assertThat(pool(again, "sleep").path("size").asInt()).isEqualTo(7);
      assertThat(queue(again, "sleep").path("control").path("size").asInt()).isEqualTo(7);
    }
  }

  @Test
  void a_bad_change_or_a_lower_key_is_refused() {
    try (ServerFixture ujm = ServerFixture.start(dir)) {
      var user = ujm.key("user", "default", "alice");
      assertThat(
              ujm.send("PATCH", "/api/v2/queues/noop", user.key(), "{\"paused\":true}")
                  .statusCode())
          .isEqualTo(403);
      for (String bad :
          new String[] {
            "{}",
            "{\"size\":-1}",
            "{\"size\":2,\"autoscale\":{\"min\":1,\"max\":3}}",
            "{\"autoscale\":{\"min\":5,\"max\":1}}",
            "{\"paused\":\"yes\"}"
          }) {
        var answer = ujm.send("PATCH", "/api/v2/queues/noop", ServerFixture.ADMIN_KEY, bad);
        assertThat(answer.statusCode()).as(bad).isEqualTo(400);
      }
    }
  }

  @Test
  void the_workers_list_every_live_node_and_the_monitor_counts_throughput_and_tenants() {
    try (ServerFixture ujm = ServerFixture.start(dir, Map.of(), b -> {})) {
      ujm.key("user", "acme", "alice");
      String id = ujm.admin().submit(SubmitJobRequest.of("noop", null)).job().id();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> ujm.admin().get(id).state().equals("completed"));

      JsonNode nodes = ServerFixture.json(ujm.get("/api/v2/workers")).path("nodes");
      assertThat(nodes).hasSize(1);
      assertThat(nodes.get(0).has("lastSeen")).isTrue();
      JsonNode monitor = ServerFixture.json(ujm.get("/api/v2/monitor"));
      assertThat(monitor.path("throughput").path("buckets")).hasSize(60);
      assertThat(monitor.path("tenants").findValuesAsText("tenantId")).contains("default", "acme");
    }
  }
}
