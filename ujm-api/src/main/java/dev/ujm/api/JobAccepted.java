package dev.ujm.api;

/**
 * Answer {@code 202} of {@code POST /api/v1/crawl} when the crawl did not finish within the wait:
 * poll {@code location} (also sent as the {@code Location} header).
 */
public record JobAccepted(String jobId, String state, String location) {}
