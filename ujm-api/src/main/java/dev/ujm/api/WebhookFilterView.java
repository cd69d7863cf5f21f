package dev.ujm.api;

import java.util.List;

/**
 * Which jobs' events a webhook receives; every field given must match.
 *
 * @param type the job type
 * @param queue the queue
 * @param tags tags the job must all carry
 */
public record WebhookFilterView(String type, String queue, List<String> tags) {}
