package dev.ujm.core.analytics;

import java.time.Instant;

/**
 * Which row of the job metrics a figure belongs to.
 *
 * @param step the row's width
 * @param bucket the start of its step (UTC)
 * @param tenant the jobs' tenant; {@link #NO_TENANT} for jobs without one
 */
public record MetricsKey(
    MetricsStep step, Instant bucket, String type, String queue, String tenant) {
  /** The tenant key of jobs submitted without a tenant. */
  public static final String NO_TENANT = "";

  public MetricsKey {
    tenant = tenant == null ? NO_TENANT : tenant;
  }
}
