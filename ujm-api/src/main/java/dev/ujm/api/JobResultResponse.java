package dev.ujm.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Answer of {@code GET /api/v2/jobs/{id}/result}: the job's result (null until it completes) and
 * one page of its result items (for a crawl, the pages fetched), in the order they were stored.
 */
public record JobResultResponse(
    String jobId, String state, JsonNode result, List<JsonNode> items, String nextCursor) {}
