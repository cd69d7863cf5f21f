package dev.ujm.core.worker;

import dev.ujm.core.config.ScaleRange;

/**
 * One queue's worker pool at a moment, as {@code /api/v2/workers} shows it.
 *
 * @param queue the queue the pool claims from
 * @param size how many jobs of this queue may run at once on this node
 * @param busy how many run now
 * @param claimed jobs claimed since start
 * @param completed attempts that completed
 * @param failed attempts that failed (retried or dead-lettered)
 * @param loopRestarts times the pool's claim loop died on an unexpected error and was restarted
 * @param paused whether the pool claims nothing now (its running jobs finish)
 * @param autoscale the range the autoscaler keeps the size in, or null when the size is fixed
 * @param lastScaling the autoscaler's last change of the size, or null
 */
public record PoolSnapshot(
    String queue,
    int size,
    int busy,
    long claimed,
    long completed,
    long failed,
    long loopRestarts,
    boolean paused,
    ScaleRange autoscale,
    ScaleDecision lastScaling) {

  /** A running, fixed-size pool. */
  public PoolSnapshot(
      String queue,
      int size,
      int busy,
      long claimed,
      long completed,
      long failed,
      long loopRestarts) {
    this(queue, size, busy, claimed, completed, failed, loopRestarts, false, null, null);
  }

  PoolSnapshot scaling(ScaleRange range, ScaleDecision last) {
    return new PoolSnapshot(
        queue, size, busy, claimed, completed, failed, loopRestarts, paused, range, last);
  }
}
