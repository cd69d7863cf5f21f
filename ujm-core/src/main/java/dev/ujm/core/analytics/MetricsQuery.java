package dev.ujm.core.analytics;

import java.time.Instant;
import java.util.Objects;

/**
 * Which rows a metrics series sums: those of one step from {@code from} (included) to {@code to}
 * (excluded), of a type, queue and tenant, each null for all.
 *
 * @param tenant a tenant, {@link MetricsKey#NO_TENANT} for jobs without one, null for every tenant
 */
public record MetricsQuery(
    String type, String queue, String tenant, Instant from, Instant to, MetricsStep step) {
  public MetricsQuery {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(step, "step");
  }

  /** Whether a row belongs to this series. */
  public boolean matches(MetricsKey key) {
    return key.step() == step
        && !key.bucket().isBefore(from)
        && key.bucket().isBefore(to)
        && (type == null || type.equals(key.type()))
        && (queue == null || queue.equals(key.queue()))
        && (tenant == null || tenant.equals(key.tenant()));
  }
}
