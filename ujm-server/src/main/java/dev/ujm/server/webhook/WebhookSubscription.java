package dev.ujm.server.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One receiver of signed event deliveries, kept per tenant.
 *
 * @param id {@code wh_} and random characters
 * @param tenantId whose events it receives: jobs of that tenant, and every alert
 * @param url where each delivery is POSTed (http or https; checked against internal addresses)
 * @param events which events, among {@link WebhookEvents#ALL}
 * @param filter which jobs' events; null for every job
 * @param secret the key of the HMAC-SHA256 signature (Standard Webhooks: {@code whsec_} and base64,
 *     or any other text taken as its UTF-8 bytes); never shown again after the create
 * @param createdAt when it was made
 * @param createdBy the key id that made it
 */
public record WebhookSubscription(
    String id,
    String tenantId,
    String url,
    Set<String> events,
    Filter filter,
    String secret,
    Instant createdAt,
    String createdBy) {

  public WebhookSubscription {
    events = Set.copyOf(events);
  }

  /**
   * Which jobs' events a subscription receives; every field given must match.
   *
   * @param type the job's type, or null for any
   * @param queue the job's queue, or null for any
   * @param tags tags the job must all carry, or empty
   */
  public record Filter(String type, String queue, List<String> tags) {
    public Filter {
      tags = tags == null ? List.of() : List.copyOf(tags);
    }
  }

  /** Whether it wants this event of a job of this type and queue (tags are checked apart). */
  boolean wants(String event, String type, String queue) {
    return events.contains(event)
        && (filter == null || filter.type() == null || filter.type().equals(type))
        && (filter == null || filter.queue() == null || filter.queue().equals(queue));
  }

  /** Whether the filter names tags, so the job must be read to check them. */
  boolean filtersTags() {
    return filter != null && !filter.tags().isEmpty();
  }
}
