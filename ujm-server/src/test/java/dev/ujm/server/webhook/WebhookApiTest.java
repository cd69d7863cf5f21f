package dev.ujm.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.memory.InMemoryApiKeyStore;
import dev.ujm.core.memory.InMemoryJobStore;
import dev.ujm.core.model.Json;
import dev.ujm.core.store.Stores;
import dev.ujm.server.api.ServerFixture;
import dev.ujm.server.engine.StoreFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks end to end: a receiver on this machine gets each delivery signed by the Standard
 * Webhooks scheme (checked here with the scheme's own recipe), a receiver that fails gets the same
 * message again until it takes it, and an internal URL is refused unless the operator allowed
 * private networks.
 */
public class WebhookApiTest {
  private static final Duration AWAIT = Duration.ofSeconds(30);
  public static final String SECRET =
      "whsec_" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

  @TempDir Path dir;

  private ServerFixture allowingPrivateNetworks() {
    return ServerFixture.start(
        dir,
        Map.of(
            "UJM_WEBHOOK_ALLOW_PRIVATE_NETWORKS", "true",
            "UJM_RETRY_BASE_SECONDS", "1",
            "UJM_RETRY_MAX_SECONDS", "1"),
        b -> {});
  }

  @Test
  void a_completed_job_is_delivered_signed_and_the_secret_is_never_shown() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(0);
        ServerFixture ujm = allowingPrivateNetworks()) {
      var created =
          ujm.post("/api/v2/webhooks", subscription(receiver.url(), "job.completed", null));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      assertThat(created.body()).doesNotContain(SECRET).contains("\"id\":\"wh_");

      String jobId = submit(ujm, "{\"type\":\"noop\",\"payload\":{}}");

      await().atMost(AWAIT).until(() -> receiver.received().size() == 1);
      WebhookReceiver.Received delivery = receiver.received().get(0);
      assertThat(delivery.signature()).isEqualTo(expectedSignature(delivery));
      JsonNode body = Json.mapper().readTree(delivery.body());
      assertThat(body.path("type").asText()).isEqualTo("job.completed");
      assertThat(body.path("data").path("jobId").asText()).isEqualTo(jobId);
      assertThat(body.path("data").path("state").asText()).isEqualTo("completed");
      assertThat(Long.parseLong(delivery.timestamp()))
          .isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L));
      assertThat(Files.readString(dir.resolve(WebhookRegistry.FILE))).contains("wh_");
    }
  }

  @Test
  void a_failing_receiver_gets_the_same_message_again_until_it_takes_it() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(2);
        ServerFixture ujm = allowingPrivateNetworks()) {
      var created =
          ujm.post(
              "/api/v2/webhooks",
              subscription(receiver.url(), "job.failed", "{\"type\":\"flaky\"}"));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      submit(ujm, "{\"type\":\"noop\",\"payload\":{}}"); // completed, and of another type
      submit(ujm, "{\"type\":\"flaky\",\"payload\":{\"failTimes\":9},\"maxAttempts\":1}");

      await().atMost(AWAIT).until(() -> receiver.received().size() == 3);
      assertThat(receiver.received())
          .extracting(WebhookReceiver.Received::id)
          .containsOnly(receiver.received().get(0).id());
      for (WebhookReceiver.Received delivery : receiver.received()) {
        assertThat(delivery.signature()).isEqualTo(expectedSignature(delivery));
      }
      JsonNode deliveries =
          ServerFixture.json(ujm.get("/api/v2/jobs?type=webhook&state=completed"));
      assertThat(deliveries.path("items")).hasSize(1);
      assertThat(deliveries.path("items").get(0).path("attempt").asInt()).isEqualTo(3);
    }
  }

  @Test
  void a_store_that_comes_up_after_a_degraded_start_still_has_its_jobs_delivered()
      throws Exception {
    AtomicBoolean storeUp = new AtomicBoolean(false);
    StoreFactory late =
        (config, clock) -> {
          if (!storeUp.get()) {
            throw new IllegalStateException("disk unavailable");
          }
          return new Stores(new InMemoryJobStore(clock), new InMemoryApiKeyStore());
        };
    try (WebhookReceiver receiver = new WebhookReceiver(0);
        ServerFixture ujm =
            ServerFixture.start(
                dir,
                Map.of("UJM_WEBHOOK_ALLOW_PRIVATE_NETWORKS", "true"),
                b -> b.stores(late).reconnectEvery(Duration.ofMillis(100)))) {
      storeUp.set(true);
      await().atMost(AWAIT).until(() -> ujm.send("GET", "/ready", null, null).statusCode() == 200);
      assertThat(
              ujm.post("/api/v2/webhooks", subscription(receiver.url(), "job.completed", null))
                  .statusCode())
          .isEqualTo(201);

      submit(ujm, "{\"type\":\"noop\",\"payload\":{}}");

      await().atMost(AWAIT).until(() -> receiver.received().size() == 1);
    }
  }

  @Test
  void an_internal_url_is_refused_unless_private_networks_are_allowed() {
    try (ServerFixture ujm = ServerFixture.start(dir)) {
      var refused =
          ujm.post(
              "/api/v2/webhooks", subscription("http://127.0.0.1:9/hook", "job.completed", null));
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(ServerFixture.json(refused).path("type").asText())
          .isEqualTo("https://ujm.dev/problems/invalid-request");
      assertThat(refused.body()).contains("internal address");
      assertThat(ServerFixture.json(ujm.get("/api/v2/webhooks")).path("items")).isEmpty();
      assertThat(
              ujm.post("/api/v2/webhooks", subscription("http://127.0.0.1:9/", "job.nope", null))
                  .statusCode())
          .isEqualTo(400);
    }
  }

  @Test
  void a_subscription_can_be_listed_and_deleted_once() throws Exception {
    try (ServerFixture ujm = allowingPrivateNetworks()) {
      String id =
          ServerFixture.json(
                  ujm.post(
                      "/api/v2/webhooks",
                      subscription("http://127.0.0.1:9/hook", "alert.firing", null)))
              .path("id")
              .asText();
      assertThat(ServerFixture.json(ujm.get("/api/v2/webhooks")).path("items")).hasSize(1);
      assertThat(
              ujm.send("DELETE", "/api/v2/webhooks/" + id, ServerFixture.ADMIN_KEY, null)
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              ujm.send("DELETE", "/api/v2/webhooks/" + id, ServerFixture.ADMIN_KEY, null)
                  .statusCode())
          .isEqualTo(404);
      assertThat(ServerFixture.json(ujm.get("/api/v2/webhooks")).path("items")).isEmpty();
    }
  }

  /** The Standard Webhooks recipe, written out here apart from the server's signer. */
  public static String expectedSignature(WebhookReceiver.Received delivery) throws Exception {
    byte[] key = Base64.getDecoder().decode(SECRET.substring("whsec_".length()));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    String signed = delivery.id() + "." + delivery.timestamp() + "." + delivery.body();
    return "v1,"
        + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
  }

  static String subscription(String url, String event, String filter) {
    return "{\"url\":\""
        + url
        + "\",\"events\":[\""
        + event
        + "\"],"
        + (filter == null ? "" : "\"filter\":" + filter + ",")
        + "\"secret\":\""
        + SECRET
        + "\"}";
  }

  private static String submit(ServerFixture ujm, String body) {
    var response = ujm.post("/api/v2/jobs", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return ServerFixture.json(response).get("id").asText();
  }
}
