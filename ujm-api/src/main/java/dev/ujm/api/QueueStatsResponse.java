package dev.ujm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Answer of {@code GET /api/v2/queues}: counts per queue and state, and the totals over all queues.
 * Every state is present in {@code totals}, with 0 where there are none.
 */
public record QueueStatsResponse(List<QueueStatsView> queues, Map<String, Long> totals) {

  /**
   * @param counts jobs per state (wire names)
   * @param oldestQueuedAgeSeconds age of the oldest queued job, null when none is queued
   * @param served whether a worker pool serves this queue; jobs of a queue no pool serves wait
   * @param paused whether claims from the queue are stopped (its backlog waits)
   * @param control what operators decided for the queue, when they did
   */
  public record QueueStatsView(
      String queue,
      Map<String, Long> counts,
      Long oldestQueuedAgeSeconds,
      boolean served,
      boolean paused,
      @JsonInclude(JsonInclude.Include.NON_NULL) QueueControlView control) {

    /** A queue that runs as configured. */
    public QueueStatsView(
        String queue, Map<String, Long> counts, Long oldestQueuedAgeSeconds, boolean served) {
      this(queue, counts, oldestQueuedAgeSeconds, served, false, null);
    }
  }
}
