package dev.ujm.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Answer of {@code GET /api/v2/monitor}: what the admin monitor shows besides queues, workers and
 * dead letters.
 *
 * @param throughput jobs finished per minute over the last hour, in the caller's tenant
 * @param tenants job counts per state of each tenant the caller may see
 */
public record MonitorResponse(Throughput throughput, List<TenantCounts> tenants) {

  /**
   * Finished attempts per bucket, oldest first, as this node saw them on the event stream since it
   * started (on a cluster bus, every node's).
   *
   * @param since the start of the first bucket
   */
  public record Throughput(Instant since, int bucketSeconds, List<Bucket> buckets) {}

  /**
   * @param completed jobs that completed in the bucket
   * @param failed attempts that failed in it (retried or dead-lettered)
   */
  public record Bucket(Instant start, long completed, long failed) {}

  /** One tenant's jobs per state (wire names). */
  public record TenantCounts(String tenantId, Map<String, Long> counts) {}
}
