package dev.ujm.core.tenant;

/**
 * How much of its quotas a tenant uses now, for the monitor: the figures each quota is held
 * against, beside the quotas that hold ({@link SubmitQuotas#use}). Immutable.
 *
 * @param quotas the quotas that hold, the defaults filled in
 * @param waiting its jobs waiting to run (queued, scheduled, waiting), against {@code maxQueued}
 * @param running its jobs processing, against {@code maxRunning}
 * @param today what it has submitted this UTC day, against {@code jobsPerDay} and {@code
 *     costPerDay}; null when it has neither (the day is not counted then)
 */
public record QuotaUse(
    String tenantId, TenantQuotas quotas, long waiting, long running, Today today) {

  /** Jobs and cost units submitted on one UTC day. */
  public record Today(long jobs, double cost) {}
}
