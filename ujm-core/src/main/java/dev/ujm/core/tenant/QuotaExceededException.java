package dev.ujm.core.tenant;

import java.time.Duration;

/**
 * A submit that would break a quota of its tenant; nothing of it was stored. Either the tenant has
 * used up a limit for now ({@link Kind#LIMIT_REACHED}: it may try again later, the HTTP API answers
 * 429) or the job can never be accepted as it is ({@link Kind#NOT_ALLOWED}: a type it may not
 * submit, a payload or a cost over the limit; 403).
 */
public final class QuotaExceededException extends RuntimeException {
  /** Whether waiting helps. */
  public enum Kind {
    /** The tenant is at a limit now; waiting (or finishing work) frees it. */
    LIMIT_REACHED,
    /** The job breaks a limit whatever the tenant does meanwhile. */
    NOT_ALLOWED
  }

  private final String tenantId;
  private final String quota;
  private final Kind kind;
  private final Duration retryAfter;

  /**
   * @param quota the quota's name in the tenant record, for example {@code maxQueued}
   * @param retryAfter when trying again may succeed; null when unknown or never
   */
  public QuotaExceededException(
      String tenantId, String quota, Kind kind, String detail, Duration retryAfter) {
    super(detail);
    this.tenantId = tenantId;
    this.quota = quota;
    this.kind = kind;
    this.retryAfter = retryAfter;
  }

  public String tenantId() {
    return tenantId;
  }

  /** The quota's name in the tenant record: {@code maxQueued}, {@code costPerDay}, … */
  public String quota() {
    return quota;
  }

  public Kind kind() {
    return kind;
  }

  /** When trying again may succeed; null when unknown or never. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
