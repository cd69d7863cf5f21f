package dev.ujm.core.advice;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One piece of advice to an operator or admin, with the figures it rests on. Immutable.
 *
 * @param kind what it is about: {@code pool-size}, {@code retry-waste}, {@code schedule-overlap},
 *     {@code schedule-collision}, {@code tenant-pattern} or {@code user-pattern}
 * @param subject what it names: a queue, a job type, a schedule id, a tenant, a user
 * @param tenantId the tenant it concerns; null for what spans tenants (a worker pool)
 * @param message one sentence that says what was measured and what to do
 * @param figures the measured numbers, by name, in a stable order
 */
public record Recommendation(
    String kind, String subject, String tenantId, String message, Map<String, Object> figures) {
  public Recommendation {
    figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
  }
}
