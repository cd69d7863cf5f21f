package dev.ujm.core.eta;

import dev.ujm.core.events.EventListener;
import dev.ujm.core.events.JobChange;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.Progress;
import dev.ujm.core.model.Transition;
import dev.ujm.core.store.JobQuery;
import dev.ujm.core.store.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Learns how long the jobs of each type run and predicts how long a running attempt has left. It:
 *
 * <ol>
 *   <li>is seeded once from the store: the run times of the newest completed first attempts of each
 *       type ({@link #seed});
 *   <li>follows the event bus ({@link #onEvent}): a claim starts a trace of the attempt, its
 *       progress reports add points to it, its completion adds the run time to the type's history
 *       and teaches the type's {@link FractionCalibration} how far into the run each reported
 *       fraction came;
 *   <li>predicts the whole run of an attempt twice: from its progress rate (time so far divided by
 *       the calibrated fraction done) and from the history (the mean of the recorded runs longer
 *       than the time so far), and blends the two by the inverse of their measured variances, so a
 *       type whose progress is linear in time (a sleep) follows its rate almost from the start,
 *       while a type whose reported fraction misleads early (a crawl, whose total grows) leans on
 *       its history until its fraction is trustworthy; with no progress yet, the history alone
 *       answers.
 * </ol>
 *
 * <p>Everything it holds is bounded: {@value #MAX_TYPES} types, {@value #MAX_RUNNING} attempts
 * being traced (the oldest dropped first), {@value RunTimes#CAPACITY} run times per type and
 * {@value FractionCalibration#SAMPLES} samples per band. What it knows is this node's: every node
 * learns from the same bus. Time comes from the events and the callers, never from a clock of its
 * own. Thread-safe.
 */
public final class EtaEstimator implements EventListener {
  static final int MAX_TYPES = 1_000;
  static final int MAX_RUNNING = 10_000;
  private static final int SEED_JOBS = 1_000;
  private static final int MAX_POINTS = 2 * FractionCalibration.BUCKETS;

  /**
   * The variance a history of runs of no time at all is given (square seconds), so it has a weight.
   */
  private static final double MIN_VARIANCE = 1e-6;

  /** What a type that has taught nothing yet says: every report at its word. */
  private static final FractionCalibration UNLEARNED = new FractionCalibration();

  private final Map<String, TypeModel> types = bounded(MAX_TYPES);
  private final Map<String, Trace> running = bounded(MAX_RUNNING);

  /**
   * Reads the newest completed jobs (one page of {@value #SEED_JOBS}) and records the run time of
   * each that completed at its first attempt (a retried job's start and finish enclose its
   * backoff).
   *
   * @return how many run times it recorded
   */
  public int seed(JobStore store) {
    List<Job> newestFirst =
        store.find(JobQuery.all(SEED_JOBS).withStates(Set.of(JobState.COMPLETED))).items();
    Map<String, List<Double>> byType = new HashMap<>();
    for (Job job : newestFirst) {
      if (job.attempt() == 1 && job.startedAt() != null && job.finishedAt() != null) {
        List<Double> runs = byType.computeIfAbsent(job.type(), t -> new ArrayList<>());
        if (runs.size() < RunTimes.CAPACITY) {
          runs.add(seconds(job.startedAt(), job.finishedAt()));
        }
      }
    }
    synchronized (this) {
      byType.forEach(
          (type, runs) -> {
            RunTimes history = model(type).runTimes;
            for (int i = runs.size() - 1; i >= 0; i--) {
              history.add(runs.get(i));
            }
          });
    }
    return byType.values().stream().mapToInt(List::size).sum();
  }

  @Override
  public synchronized void onEvent(JobChange change) {
    if (!change.isStateChange()) {
      Trace trace = running.get(change.jobId());
      Double fraction = fraction(change.progress());
      if (trace != null && fraction != null && change.attempt() == trace.attempt) {
        trace.add(seconds(trace.start, change.at()), trace.rebase(fraction));
      }
    } else if (change.transition() == Transition.CLAIM) {
      Double before = change.attempt() > 1 ? fraction(change.progress()) : null;
      running.put(
          change.jobId(),
          new Trace(change.type(), change.attempt(), change.at(), before == null ? 0 : before));
    } else if (change.from() == JobState.PROCESSING) {
      Trace trace = running.remove(change.jobId());
      if (trace != null
          && change.transition() == Transition.COMPLETE
          && change.attempt() == trace.attempt) {
        learn(trace, seconds(trace.start, change.at()));
      }
    }
  }

  /**
   * Predicts how long an attempt has left.
   *
   * @param type the job's type
   * @param attemptStart when the attempt started
   * @param before the fraction done when it started (a resumed attempt), 0 for a fresh one
   * @param progress its latest report; null or without a fraction leaves the history to answer
   * @param now when the prediction is for
   * @return seconds left; empty when neither its progress nor its type's history say anything
   */
  public synchronized OptionalDouble remainingSeconds(
      String type, Instant attemptStart, double before, Progress progress, Instant now) {
    Double reported = fraction(progress);
    double done = reported == null ? 0 : rebase(reported, before);
    if (done >= 1) {
      return OptionalDouble.of(0);
    }
    double elapsed = seconds(attemptStart, now);
    TypeModel model = types.get(type);
    double weights = 0;
    double weighted = 0;
    if (done > 0 && elapsed > 0) {
      FractionCalibration.Fraction passed =
          (model == null ? UNLEARNED : model.calibration).of(done);
      double total = elapsed / passed.value();
      double weight = 1 / Math.pow(total * passed.relativeSpread(), 2);
      weights += weight;
      weighted += weight * total;
    }
    RunTimes.Estimate history = model == null ? null : model.runTimes.beyond(elapsed);
    double scale = 1 - before; // a resumed attempt runs only the rest of a whole run
    if (history != null && scale > 0) {
      double weight = 1 / Math.max(history.variance() * scale * scale, MIN_VARIANCE);
      weights += weight;
      weighted += weight * history.total() * scale;
    }
    if (weights == 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(Math.max(0, weighted / weights - elapsed));
  }

  /**
   * The stamp for the progress reports of an attempt that started at {@code startedAt}: each report
   * with a fraction gets the predicted {@code etaSeconds} (rounded to whole seconds), replacing the
   * handler's own guess; a report without a fraction gets the history's prediction, or keeps the
   * handler's when the type has none.
   */
  public AttemptEta forAttempt(Job job, Instant startedAt) {
    Double carried = job.attempt() > 1 ? fraction(job.progress()) : null;
    double before = carried == null ? 0 : carried;
    return (reported, now) -> {
      OptionalDouble left = remainingSeconds(job.type(), startedAt, before, reported, now);
      return left.isEmpty()
          ? reported
          : new Progress(
              reported.percent(),
              reported.message(),
              reported.current(),
              reported.total(),
              Math.round(left.getAsDouble()));
    };
  }

  /** How many run times it holds for {@code type}. */
  public synchronized int history(String type) {
    TypeModel model = types.get(type);
    return model == null ? 0 : model.runTimes.size();
  }

  /**
   * The fraction of the work a report says is done: {@code current / total} when both are known (a
   * crawl's pages stored of pages planned), else the percent; null when it says neither.
   */
  public static Double fraction(Progress progress) {
    if (progress == null) {
      return null;
    }
    if (progress.current() != null && progress.total() != null && progress.total() > 0) {
      return Math.clamp((double) progress.current() / progress.total(), 0.0, 1.0);
    }
    return progress.percent() == null ? null : progress.percent() / 100.0;
  }

  private void learn(Trace trace, double runSeconds) {
    if (runSeconds < 0) {
      return; // the clocks of two nodes disagree: nothing to learn from it
    }
    TypeModel model = model(trace.type);
    if (trace.before == 0) {
      model.runTimes.add(runSeconds);
    }
    if (runSeconds == 0) {
      return;
    }
    for (double[] point : trace.points) {
      model.calibration.add(point[1], point[0] / runSeconds);
    }
  }

  private TypeModel model(String type) {
    return types.computeIfAbsent(type, t -> new TypeModel());
  }

  private static double rebase(double reported, double before) {
    return before >= 1 ? reported : Math.max(0, (reported - before) / (1 - before));
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e9;
  }

  private static <V> Map<String, V> bounded(int capacity) {
    return new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > capacity;
      }
    };
  }

  /** What one type has taught. */
  private static final class TypeModel {
    final RunTimes runTimes = new RunTimes();
    final FractionCalibration calibration = new FractionCalibration();
  }

  /** One attempt being followed: when it started and the fractions it reported, thinned. */
  private static final class Trace {
    final String type;
    final int attempt;
    final Instant start;
    final double before;
    final List<double[]> points = new ArrayList<>();
    private double lastKept = -1;

    Trace(String type, int attempt, Instant start, double before) {
      this.type = type;
      this.attempt = attempt;
      this.start = start;
      this.before = before;
    }

    double rebase(double reported) {
      return EtaEstimator.rebase(reported, before);
    }

    /** Keeps a point per half band at most, so a chatty handler costs no more than a quiet one. */
    void add(double elapsed, double done) {
      if (points.size() < MAX_POINTS
          && done > 0
          && done < 1
          && done - lastKept >= 0.5 / FractionCalibration.BUCKETS) {
        points.add(new double[] {elapsed, done});
        lastKept = done;
      }
    }
  }
}
