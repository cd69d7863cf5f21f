package dev.ujm.server.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.handler.JobContext;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.core.model.Json;
import dev.ujm.jobs.crawl.AddressGuard;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The {@code webhook} job type: one delivery of one event to one subscription, so deliveries are
 * jobs like any other (visible, retried with backoff, dead-lettered after {@link #MAX_ATTEMPTS}).
 * Each attempt:
 *
 * <ol>
 *   <li>finds the subscription (deleted meanwhile: the job fails for good) and checks its URL
 *       against internal addresses again, since a name may resolve elsewhere by now;
 *   <li>POSTs the event's JSON with the Standard Webhooks headers: {@code webhook-id} (the same on
 *       every attempt, so receivers can drop repeats), {@code webhook-timestamp} (this attempt's)
 *       and {@code webhook-signature} ({@link WebhookSigner});
 *   <li>completes on a 2xx answer; any other answer or a network error fails the attempt, to be
 *       retried. Redirects are not followed.
 * </ol>
 *
 * The payload names the subscription, never its secret. Thread-safe.
 */
public final class WebhookDelivery {
  /** The job type's name. */
  public static final String TYPE = "webhook";

  /** Attempts per delivery before it goes to the dead-letter queue. */
  public static final int MAX_ATTEMPTS = 5;

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /**
   * @param subscriptionId the subscription to deliver to
   * @param messageId the {@code webhook-id} header: one per event and subscription
   * @param event the event name
   * @param body the JSON sent: {@code {type, timestamp, data}}
   */
  public record Payload(String subscriptionId, String messageId, String event, JsonNode body) {}

  private final WebhookRegistry registry;
  private final AddressGuard guard;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  public WebhookDelivery(WebhookRegistry registry, AddressGuard guard) {
    this.registry = registry;
    this.guard = guard;
  }

  /** The job type to register. */
  public JobDefinition<Payload> definition() {
    return JobDefinition.of(TYPE, Payload.class, this::deliver);
  }

  private JobOutcome deliver(JobContext<Payload> ctx) throws IOException, InterruptedException {
    Payload delivery = ctx.payload();
    WebhookSubscription subscription = registry.find(delivery.subscriptionId()).orElse(null);
    if (subscription == null) {
      return JobOutcome.failed("webhook-deleted", "the subscription no longer exists");
    }
    AddressGuard.Verdict verdict = guard.check(subscription.url());
    if (verdict.refused()) {
      return JobOutcome.failed(
          "address-refused",
          "the webhook's host " + verdict.host() + " resolves to an internal address");
    }
    String body = render(delivery.body());
    long timestamp = ctx.clock().instant().getEpochSecond();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(subscription.url()))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .header("webhook-id", delivery.messageId())
            .header("webhook-timestamp", Long.toString(timestamp))
            .header(
                "webhook-signature",
                WebhookSigner.sign(subscription.secret(), delivery.messageId(), timestamp, body))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() / 100 != 2) {
      throw new IOException("the receiver answered " + response.statusCode());
    }
    return JobOutcome.completed(Map.of("status", response.statusCode()));
  }

  private static String render(JsonNode body) {
    try {
      return Json.mapper().writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always renders", e);
    }
  }
}
