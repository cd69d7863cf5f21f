package dev.ujm.core.store;

import java.time.Duration;
import java.util.Objects;

/**
 * What a worker asks of {@link JobStore#claim}. Built with {@link #of} (and {@link #withOrder}), so
 * that later claim options do not change every caller.
 *
 * @param queue the queue to claim from
 * @param workerId the claiming worker; written to each job and part of its lease
 * @param limit at most this many jobs
 * @param leaseDuration each lease runs until now + this
 * @param order which queued jobs go first
 */
public record ClaimRequest(
    String queue, String workerId, int limit, Duration leaseDuration, ClaimOrder order) {

  public ClaimRequest {
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(workerId, "workerId");
    Objects.requireNonNull(leaseDuration, "leaseDuration");
    Objects.requireNonNull(order, "order");
  }

  /** A claim in the standard order: highest priority first, oldest first within a priority. */
  public static ClaimRequest of(String queue, String workerId, int limit, Duration leaseDuration) {
    return new ClaimRequest(queue, workerId, limit, leaseDuration, ClaimOrder.PRIORITY_THEN_AGE);
  }

  /** The same claim in another order. */
  public ClaimRequest withOrder(ClaimOrder value) {
    return new ClaimRequest(queue, workerId, limit, leaseDuration, value);
  }
}
