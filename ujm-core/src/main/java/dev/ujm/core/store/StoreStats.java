package dev.ujm.core.store;

import dev.ujm.core.model.JobState;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Counts per queue and state. */
public record StoreStats(List<QueueStats> queues) {

  /**
   * @param counts jobs per state; states with none may be missing
   * @param oldestQueuedAgeSeconds age of the oldest queued job, or null when none is queued
   */
  public record QueueStats(String queue, Map<JobState, Long> counts, Long oldestQueuedAgeSeconds) {}

  /** Counts per state over all queues. */
  public Map<JobState, Long> totals() {
    Map<JobState, Long> totals = new EnumMap<>(JobState.class);
    for (QueueStats q : queues) {
      q.counts().forEach((state, n) -> totals.merge(state, n, Long::sum));
    }
    return totals;
  }
}
