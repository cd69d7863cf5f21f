package dev.ujm.core.cluster;

import java.time.Instant;

/**
 * What an operator decided for one queue's worker pools, on every node that serves the queue. A
 * null field means "as the node's configuration says" ({@code UJM_WORKERS_<QUEUE>}).
 *
 * @param queue the queue
 * @param paused whether pools stop claiming from it (running jobs finish)
 * @param size slots per node, or null for the configured size; a size turns autoscaling off
 * @param scaleMin with {@code scaleMax}: autoscale each node's pool between these, or null for the
 *     configured range
 * @param updatedAt when this was last changed
 * @param updatedBy who changed it last (an API key id)
 */
public record QueueControl(
    String queue,
    boolean paused,
    Integer size,
    Integer scaleMin,
    Integer scaleMax,
    Instant updatedAt,
    String updatedBy) {

  /** Nothing decided: the configuration holds. */
  public static QueueControl none(String queue) {
    return new QueueControl(queue, false, null, null, null, null, null);
  }

  /** This control with the changes of {@code update} laid over it. */
  public QueueControl with(QueueControlUpdate update, Instant at, String by) {
    boolean nextPaused = update.paused() != null ? update.paused() : paused;
    Integer nextSize = size;
    Integer nextMin = scaleMin;
    Integer nextMax = scaleMax;
    if (update.size() != null) {
      nextSize = update.size();
      nextMin = null;
      nextMax = null;
    }
    if (update.scaleMin() != null) {
      nextSize = null;
      nextMin = update.scaleMin();
      nextMax = update.scaleMax();
    }
    return new QueueControl(queue, nextPaused, nextSize, nextMin, nextMax, at, by);
  }
}
