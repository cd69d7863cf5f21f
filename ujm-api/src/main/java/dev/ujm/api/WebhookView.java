package dev.ujm.api;

import java.util.List;

/**
 * A webhook subscription as the API shows it: never its secret.
 *
 * @param id {@code wh_…}
 * @param tenantId whose jobs' events it receives
 * @param url where deliveries go
 * @param events the events it receives, sorted
 * @param filter which jobs' events, or null for all
 * @param createdAt ISO-8601 instant
 * @param createdBy the key id that made it
 */
public record WebhookView(
    String id,
    String tenantId,
    String url,
    List<String> events,
    WebhookFilterView filter,
    String createdAt,
    String createdBy) {}
