package dev.ujm.core.advice;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Suggests a pool size per queue from how busy its workers were in the last {@link #WINDOW} (or the
 * part of it the bounded read covers): the busy share is the running time of the queue's attempts
 * inside the window over the window times the workers there are; waits and run times are those of
 * the jobs that started in it. A pool busy at least {@value #GROW_AT} of the time while jobs wait
 * longer than half their run time is too small; one busy at most {@value #SHRINK_AT} while jobs
 * hardly wait is too large. Either way the suggestion is the size that would have been busy {@value
 * #TARGET} of the time (at least one more when growing). Pure; thread-safe.
 */
final class PoolAdvisor {
  static final double GROW_AT = 0.85;
  static final double SHRINK_AT = 0.3;
  static final double TARGET = 0.7;
  static final Duration WINDOW = Duration.ofHours(1);

  private PoolAdvisor() {}

  /**
   * @param poolSizes the workers of each queue over every node
   */
  static List<Recommendation> advise(RecentJobs all, Map<String, Integer> poolSizes) {
    Instant hourAgo = all.to().minus(WINDOW);
    RecentJobs recent =
        new RecentJobs(
            all.jobs(), all.from().isAfter(hourAgo) ? all.from() : hourAgo, all.to(), false);
    Map<String, Figures> byQueue = new TreeMap<>();
    for (Job job : recent.jobs()) {
      if (poolSizes.containsKey(job.queue())) {
        byQueue.computeIfAbsent(job.queue(), q -> new Figures()).add(job, recent);
      }
    }
    List<Recommendation> out = new ArrayList<>();
    byQueue.forEach(
        (queue, f) -> {
          int size = poolSizes.get(queue);
          double busy = f.runningSeconds / (recent.seconds() * size);
          double wait = f.mean(f.waitSeconds, f.started);
          double run = f.mean(f.runSeconds, f.finished);
          int fitting = Math.max(1, (int) Math.ceil(size * busy / TARGET));
          if (busy >= GROW_AT && wait > run / 2) {
            out.add(
                pool(queue, size, busy, wait, run, f, recent, Math.max(size + 1, fitting), "grow"));
          } else if (busy <= SHRINK_AT && wait <= run / 10 && fitting < size) {
            out.add(pool(queue, size, busy, wait, run, f, recent, fitting, "shrink"));
          }
        });
    return out;
  }

  private static Recommendation pool(
      String queue,
      int size,
      double busy,
      double wait,
      double run,
      Figures f,
      RecentJobs recent,
      int suggested,
      String change) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("poolSize", size);
    figures.put("busyShare", Recommendations.round(busy));
    figures.put("meanWaitSeconds", Recommendations.round(wait));
    figures.put("meanRunSeconds", Recommendations.round(run));
    figures.put("jobsStarted", f.started);
    figures.put("windowSeconds", Math.round(recent.seconds()));
    figures.put("suggestedPoolSize", suggested);
    String message =
        String.format(
            Locale.ROOT,
            "%s the %s pool from %d to %d workers: they were busy %.0f %% of the last %s, and jobs"
                + " waited %.1f s on average to run for %.1f s.",
            change.equals("grow") ? "Grow" : "Shrink",
            queue,
            size,
            suggested,
            busy * 100,
            Recommendations.span(recent.seconds()),
            wait,
            run);
    return new Recommendation("pool-size", queue, null, message, figures);
  }

  /** What one queue's recent jobs add up to. */
  private static final class Figures {
    double runningSeconds;
    double waitSeconds;
    double runSeconds;
    int started;
    int finished;

    void add(Job job, RecentJobs recent) {
      if (job.startedAt() == null
          || (job.finishedAt() != null && job.finishedAt().isBefore(recent.from()))) {
        return;
      }
      if (!job.startedAt().isBefore(recent.from())) {
        started++;
        waitSeconds += wait(job);
      }
      Instant end;
      if (job.finishedAt() != null) {
        if (!job.startedAt().isBefore(recent.from())) {
          finished++;
          runSeconds += seconds(job.startedAt(), job.finishedAt());
        }
        end = job.finishedAt();
      } else if (job.state() == JobState.PROCESSING) {
        end = recent.to();
      } else {
        return; // between attempts: how long its earlier ones ran is not on the job
      }
      Instant from = job.startedAt().isBefore(recent.from()) ? recent.from() : job.startedAt();
      runningSeconds += Math.max(0, seconds(from, end));
    }

    /** A delayed job is ready at its run time; a retry's run time comes after its first start. */
    private static double wait(Job job) {
      Instant runAt = job.runAt();
      boolean delayed =
          runAt != null && runAt.isAfter(job.createdAt()) && !runAt.isAfter(job.startedAt());
      return Math.max(0, seconds(delayed ? runAt : job.createdAt(), job.startedAt()));
    }

    double mean(double sum, int n) {
      return n == 0 ? 0 : sum / n;
    }

    private static double seconds(Instant from, Instant to) {
      return Duration.between(from, to).toMillis() / 1000.0;
    }
  }
}
