package dev.ujm.core.memory;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobIds;
import dev.ujm.core.model.JobState;
import dev.ujm.core.store.JobQuery;
import dev.ujm.core.store.Page;
import dev.ujm.core.store.StoreStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The read side of {@link InMemoryJobStore}: search with cursor paging, per-queue counts and result
 * pages. Pure functions over the store's maps; the store calls them under its lock.
 */
final class InMemoryQueries {
  private InMemoryQueries() {}

  /**
   * Jobs matching the query, newest first (id descending); the cursor is the last id of the
   * previous page.
   *
   * @throws IllegalArgumentException for a cursor that is not a job id, so not one a page gave out
   */
  static Page<Job> find(NavigableMap<String, Job> jobs, JobQuery query) {
    if (query.cursor() != null && !JobIds.isWellFormed(query.cursor())) {
      throw new IllegalArgumentException("bad cursor '" + query.cursor() + "'");
    }
    NavigableMap<String, Job> view =
        query.cursor() == null
            ? jobs.descendingMap()
            : jobs.headMap(query.cursor(), false).descendingMap();
    List<Job> page = new ArrayList<>(query.limit());
    for (Job job : view.values()) {
      if (!matches(job, query)) {
        continue;
      }
      if (page.size() == query.limit()) {
        return new Page<>(page, page.get(page.size() - 1).id());
      }
      page.add(job);
    }
    return new Page<>(page, null);
  }

  static boolean matches(Job job, JobQuery q) {
    return (q.states().isEmpty() || q.states().contains(job.state()))
        && (q.type() == null || q.type().equals(job.type()))
        && (q.queue() == null || q.queue().equals(job.queue()))
        && (q.tenantId() == null || q.tenantId().equals(job.tenantId()))
        && (q.ownerId() == null || q.ownerId().equals(job.ownerId()))
        && (q.tag() == null || job.tags().contains(q.tag()))
        && (q.createdFrom() == null || !job.createdAt().isBefore(q.createdFrom()))
        && (q.createdBefore() == null || job.createdAt().isBefore(q.createdBefore()));
  }

  /**
   * Counts per queue (sorted by name) and state, and the oldest queued age measured from entering
   * the queue.
   */
  static StoreStats stats(Collection<Job> jobs, Instant now) {
    Map<String, Map<JobState, Long>> counts = new TreeMap<>();
    Map<String, Instant> oldestQueued = new TreeMap<>();
    for (Job job : jobs) {
      counts
          .computeIfAbsent(job.queue(), q -> new EnumMap<>(JobState.class))
          .merge(job.state(), 1L, Long::sum);
      if (job.state() == JobState.QUEUED) {
        oldestQueued.merge(job.queue(), job.updatedAt(), (a, b) -> a.isBefore(b) ? a : b);
      }
    }
    List<StoreStats.QueueStats> queues = new ArrayList<>();
    counts.forEach(
        (queue, perState) -> {
          Instant oldest = oldestQueued.get(queue);
          Long age = oldest == null ? null : Math.max(0, Duration.between(oldest, now).toSeconds());
          queues.add(new StoreStats.QueueStats(queue, Map.copyOf(perState), age));
        });
    return new StoreStats(queues);
  }

  /**
   * One page of a list by position; the cursor is the index of the page's first item.
   *
   * @throws IllegalArgumentException for a limit outside 1..1000 or a cursor that is not a position
   */
  static <T> Page<T> page(List<T> items, String cursor, int limit) {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be 1 to 1000, not " + limit);
    }
    int from;
    try {
      from = cursor == null ? 0 : Integer.parseInt(cursor);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad cursor '" + cursor + "'");
    }
    if (from < 0) {
      throw new IllegalArgumentException("bad cursor '" + cursor + "'");
    }
    int to = Math.min(items.size(), from + limit);
    List<T> page = from >= items.size() ? List.of() : items.subList(from, to);
    return new Page<>(page, to < items.size() ? String.valueOf(to) : null);
  }
}
