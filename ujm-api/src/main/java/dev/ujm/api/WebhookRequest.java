package dev.ujm.api;

import java.util.List;

/**
 * Body of {@code POST /api/v2/webhooks}.
 *
 * @param url where deliveries are POSTed: http or https, not an internal address
 * @param events what to deliver: {@code job.completed}, {@code job.failed}, {@code job.cancelled},
 *     {@code alert.firing}, {@code alert.resolved}
 * @param filter which jobs' events, optional
 * @param secret the signing key (16 to 512 characters; Standard Webhooks' {@code whsec_…} form is
 *     decoded as base64)
 */
public record WebhookRequest(
    String url, List<String> events, WebhookFilterView filter, String secret) {}
