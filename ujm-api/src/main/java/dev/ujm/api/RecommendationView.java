package dev.ujm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One recommendation of {@code GET /api/v2/recommendations}, with the figures it rests on.
 *
 * @param kind {@code pool-size}, {@code retry-waste}, {@code schedule-overlap}, {@code
 *     schedule-collision}, {@code tenant-pattern} or {@code user-pattern}
 * @param subject the queue, job type, schedule id(s), tenant or user it names
 * @param tenant the tenant it concerns; absent for a worker pool, which spans tenants
 * @param message one sentence: what was measured and what to do
 * @param figures the measured numbers, by name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecommendationView(
    String kind, String subject, String tenant, String message, Map<String, Object> figures) {}
