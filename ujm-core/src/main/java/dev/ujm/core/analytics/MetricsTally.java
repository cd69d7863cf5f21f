package dev.ujm.core.analytics;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.JobUpdate;
import dev.ujm.core.model.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a set of committed moves adds to the job metrics, summed per minute row and rolled up to the
 * hour and day rows when drained: the one reading of the transition table every store writes its
 * figures from. Each move counts in the minute of its audit event:
 *
 * <ul>
 *   <li>the {@code claim} that starts a job: its queue wait;
 *   <li>a move out of processing that is not a hand-back ({@code release}, {@code requeue-held}):
 *       one attempt and its run time from the attempt's claim;
 *   <li>the outcome of the move (see {@link MetricsFigures}); a completion its end-to-end time.
 * </ul>
 *
 * Not thread-safe: each store keeps one under its lock or on its writer thread.
 */
public final class MetricsTally {
  private final Map<MetricsKey, MetricsFigures> minutes = new HashMap<>();

  /** Whether a committed update changes any figure; the stores skip the others cheaply. */
  public static boolean counts(JobUpdate update) {
    JobEvent event = update.transition();
    if (event == null || event.transition() == null) {
      return false;
    }
    return switch (event.transition()) {
      case CLAIM -> startedBy(update.job(), event.at());
      case RELEASE, REQUEUE_HELD -> false; // the attempt is given back
      default -> event.from() == JobState.PROCESSING || event.to().isFinal();
    };
  }

  /**
   * Counts one committed update.
   *
   * @param attemptStart when the attempt that this move ends was claimed, or null when unknown (its
   *     run time is then not counted, the attempt is)
   */
  public void record(JobUpdate update, Instant attemptStart) {
    if (!counts(update)) {
      return;
    }
    JobEvent event = update.transition();
    Job job = update.job();
    Transition move = event.transition();
    Instant at = event.at();
    MetricsFigures row =
        minutes.computeIfAbsent(
            new MetricsKey(
                MetricsStep.MINUTE,
                MetricsStep.MINUTE.bucketOf(at),
                job.type(),
                job.queue(),
                job.tenantId()),
            key -> new MetricsFigures());
    if (move == Transition.CLAIM) {
      Instant ready =
          job.runAt() != null && job.runAt().isAfter(job.createdAt())
              ? job.runAt()
              : job.createdAt();
      row.queueWait[LatencyBuckets.indexOf(millis(ready, at))]++;
      return;
    }
    if (event.from() == JobState.PROCESSING) {
      row.attempts++;
      if (attemptStart != null) {
        row.addRun(millis(attemptStart, at));
      }
    }
    switch (move) {
      case COMPLETE -> {
        row.completed++;
        row.endToEnd[LatencyBuckets.indexOf(millis(job.createdAt(), at))]++;
      }
      case RETRY_LATER, REQUEUE_EXPIRED -> {
        row.failedAttempts++;
        row.retried++;
      }
      case FAIL -> {
        row.failedAttempts++;
        row.failedFinal++;
        row.deadLettered++;
      }
      case EXPIRE -> {
        row.failedAttempts++;
        row.deadLettered++;
      }
      case CANCEL, CANCEL_OWN, CANCEL_DEPENDENT, CANCEL_CONDITION -> row.cancelled++;
      default -> {}
    }
  }

  public boolean isEmpty() {
    return minutes.isEmpty();
  }

  /** Forgets what was counted (the moves were not committed). */
  public void clear() {
    minutes.clear();
  }

  /**
   * The minute rows counted so far with the hour and day rows they add to, and forgets them: what a
   * store adds to its rows.
   */
  public Map<MetricsKey, MetricsFigures> drain() {
    Map<MetricsKey, MetricsFigures> all = new LinkedHashMap<>();
    minutes.forEach(
        (key, figures) -> {
          all.put(key, figures);
          for (MetricsStep wider : new MetricsStep[] {MetricsStep.HOUR, MetricsStep.DAY}) {
            all.computeIfAbsent(
                    new MetricsKey(
                        wider, wider.bucketOf(key.bucket()), key.type(), key.queue(), key.tenant()),
                    k -> new MetricsFigures())
                .add(figures);
          }
        });
    minutes.clear();
    return all;
  }

  /**
   * Whether the claim at {@code at} started the job: its first attempt, not one handed back and
   * claimed again (a store may keep instants to the millisecond only).
   */
  private static boolean startedBy(Job job, Instant at) {
    return job.startedAt() != null && !job.startedAt().isBefore(at.minusMillis(1));
  }

  private static long millis(Instant from, Instant to) {
    return Math.max(0, Duration.between(from, to).toMillis());
  }
}
