package dev.ujm.core.tenant;

import java.util.Set;

/**
 * The limits of one tenant; a null limit is no limit (or the configured default). The claim
 * enforces {@code maxRunning} (a tenant at its limit is passed over, its jobs stay queued); the
 * server's rate limiter the submit rates; the others are checked when a job is submitted.
 *
 * @param maxRunning jobs of the tenant processing at once, over all queues
 * @param maxQueued jobs of the tenant waiting to run (queued, scheduled or waiting)
 * @param jobsPerDay jobs submitted per UTC day
 * @param maxPayloadBytes the largest payload of one job, in bytes of its JSON
 * @param allowedTypes the job types it may submit; every type when null
 * @param costPerDay cost units submitted per UTC day
 * @param submitsPerMinute submits (single, batch, crawl, retry, clone) all keys of the tenant
 *     together may make per minute; {@code UJM_RATE_TENANT_SUBMITS_PER_MINUTE} when null
 * @param keySubmitsPerMinute submits each key of the tenant may make per minute; {@code
 *     UJM_RATE_KEY_SUBMITS_PER_MINUTE} when null
 */
public record TenantQuotas(
    Integer maxRunning,
    Integer maxQueued,
    Integer jobsPerDay,
    Long maxPayloadBytes,
    Set<String> allowedTypes,
    Double costPerDay,
    Integer submitsPerMinute,
    Integer keySubmitsPerMinute) {

  /** No limit at all. */
  public static final TenantQuotas NONE =
      new TenantQuotas(null, null, null, null, null, null, null, null);

  public TenantQuotas {
    requireNotNegative("maxRunning", maxRunning);
    requireNotNegative("maxQueued", maxQueued);
    requireNotNegative("jobsPerDay", jobsPerDay);
    requireNotNegative("maxPayloadBytes", maxPayloadBytes);
    requireNotNegative("costPerDay", costPerDay);
    requireNotNegative("submitsPerMinute", submitsPerMinute);
    requireNotNegative("keySubmitsPerMinute", keySubmitsPerMinute);
    allowedTypes = allowedTypes == null ? null : Set.copyOf(allowedTypes);
  }

  private static void requireNotNegative(String name, Number value) {
    if (value != null && !(value.doubleValue() >= 0)) {
      throw new IllegalArgumentException("quota " + name + " must not be negative: " + value);
    }
  }
}
