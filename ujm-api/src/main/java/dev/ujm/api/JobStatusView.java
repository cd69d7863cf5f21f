package dev.ujm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The short status of one job, as batch status ({@code GET /api/v2/jobs/status?ids=}) answers it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobStatusView(
    String id, String type, String state, int attempt, ProgressView progress, Instant updatedAt) {}
