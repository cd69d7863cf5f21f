package dev.ujm.api;

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
   */
  public record QueueStatsView(
      String queue, Map<String, Long> counts, Long oldestQueuedAgeSeconds, boolean served) {}
}
