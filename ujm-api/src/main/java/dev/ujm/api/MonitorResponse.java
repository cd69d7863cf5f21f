package dev.ujm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Answer of {@code GET /api/v2/monitor}: what the admin monitor shows besides queues, workers and
 * dead letters.
 *
 * @param throughput jobs finished per minute over the last hour, in the caller's tenant
 * @param tenants job counts per state of each tenant the caller may see
 * @param quotaUse what the caller's tenant (an operator's: the one it works on) uses of its quotas
 */
public record MonitorResponse(
    Throughput throughput, List<TenantCounts> tenants, QuotaUse quotaUse) {

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

  /**
   * One tenant's use of its quotas, each figure beside the quota it is held against (a missing
   * quota is no limit).
   *
   * @param waiting jobs waiting to run (queued, scheduled, waiting), against {@code maxQueued}
   * @param running jobs processing, against {@code maxRunning}
   * @param jobsToday jobs submitted this UTC day, against {@code jobsPerDay}; missing when the
   *     tenant has no daily quota
   * @param costToday cost units submitted this UTC day, against {@code costPerDay}; missing as
   *     {@code jobsToday}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record QuotaUse(
      String tenantId,
      long waiting,
      Integer maxQueued,
      long running,
      Integer maxRunning,
      Long jobsToday,
      Integer jobsPerDay,
      Double costToday,
      Double costPerDay) {}

  /** One tenant's jobs per state (wire names). */
  public record TenantCounts(String tenantId, Map<String, Long> counts) {}
}
