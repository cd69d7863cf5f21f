package dev.ujm.server.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.Json;
import dev.ujm.server.api.ServerFixture;
import dev.ujm.server.webhook.WebhookApiTest;
import dev.ujm.server.webhook.WebhookReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An alert configured on a real server fires when a queue's oldest job waits too long, shows as
 * firing in {@code GET /api/v2/alerts}, resolves when the job is gone, and each change reaches a
 * webhook signed.
 */
class AlertApiTest {
  private static final Duration AWAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void a_queue_age_alert_fires_and_resolves_and_both_reach_the_webhook_signed() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(0);
        ServerFixture ujm =
            ServerFixture.start(
                dir,
                Map.of(
                    "UJM_ALERT_PARKED", "queue-age queue=parked over=1",
                    "UJM_WEBHOOK_ALLOW_PRIVATE_NETWORKS", "true"),
                b -> {})) {
      String hook =
          "{\"url\":\""
              + receiver.url()
              + "\",\"events\":[\"alert.firing\",\"alert.resolved\"],\"secret\":\""
              + WebhookApiTest.SECRET
              + "\"}";
      assertThat(ujm.post("/api/v2/webhooks", hook).statusCode()).isEqualTo(201);
      var job = ujm.post("/api/v2/jobs", "{\"type\":\"noop\",\"payload\":{},\"queue\":\"parked\"}");
      String id = ServerFixture.json(job).path("id").asText();
      AlertEvaluator alerts = ujm.server().alerts();

      await() // the duty runs on its own timer too; whichever pass comes first fires it
          .atMost(AWAIT)
          .until(() -> alerts.runOnce() >= 0 && alerts.states().get(0).firing());
      JsonNode listed = ServerFixture.json(ujm.get("/api/v2/alerts")).path("items").get(0);
      assertThat(listed.path("name").asText()).isEqualTo("parked");
      assertThat(listed.path("state").asText()).isEqualTo("firing");
      assertThat(listed.path("detail").asText()).startsWith("the oldest job queued in parked");

      ujm.send("DELETE", "/api/v2/jobs/" + id, ServerFixture.ADMIN_KEY, null);
      alerts.runOnce();
      assertThat(ServerFixture.json(ujm.get("/api/v2/alerts")).at("/items/0/state").asText())
          .isEqualTo("resolved");

      await().atMost(AWAIT).until(() -> receiver.received().size() == 2);
      for (WebhookReceiver.Received delivery : receiver.received()) {
        assertThat(delivery.signature()).isEqualTo(WebhookApiTest.expectedSignature(delivery));
      }
      assertThat(receiver.received())
          .extracting(d -> Json.mapper().readTree(d.body()).path("type").asText())
          .containsExactlyInAnyOrder("alert.firing", "alert.resolved");
    }
  }
}
