package dev.ujm.api;

import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code GET /api/v2/recommendations}.
 *
 * @param tenant the tenant advised about; null for every tenant (an operator without {@code
 *     ?tenant=})
 * @param at when the figures were measured
 * @param recommendations pool sizes first, then retry waste, schedules and usage patterns
 */
public record RecommendationsResponse(
    String tenant, Instant at, List<RecommendationView> recommendations) {}
