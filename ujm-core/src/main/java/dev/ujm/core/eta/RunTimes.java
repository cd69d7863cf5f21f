package dev.ujm.core.eta;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The run times of the last {@link #CAPACITY} completed attempts of one job type, oldest dropped
 * first, and what they say about a running attempt that has already run some time: the mean and the
 * spread of the runs that took longer than that. Not thread-safe; {@link EtaEstimator} guards it.
 */
final class RunTimes {
  static final int CAPACITY = 50;

  /** Runs of one type differ by this much at least (the load of the node, the data they meet). */
  static final double MIN_RELATIVE_SPREAD = 0.05;

  private static final int MIN_FOR_SPREAD = 3;

  private final Deque<Double> seconds = new ArrayDeque<>();

  void add(double runSeconds) {
    if (seconds.size() == CAPACITY) {
      seconds.removeFirst();
    }
    seconds.addLast(runSeconds);
  }

  int size() {
    return seconds.size();
  }

  /**
   * What the history predicts for the whole run of an attempt that has run {@code elapsed} seconds
   * so far: the mean of the recorded runs longer than that, with the variance of one more such run.
   * Null when no recorded run lasted that long (the history has nothing to say).
   */
  Estimate beyond(double elapsed) {
    int n = 0;
    double sum = 0;
    double squares = 0;
    for (double s : seconds) {
      if (s > elapsed) {
        n++;
        sum += s;
        squares += s * s;
      }
    }
    if (n == 0) {
      return null;
    }
    double mean = sum / n;
    // fewer than three runs say little about their spread: assume a wide one
    double variance =
        n < MIN_FOR_SPREAD
            ? Math.pow(0.5 * mean, 2)
            : Math.max(0, (squares - n * mean * mean) / (n - 1));
    // the spread of a new run: the sample's own plus the uncertainty of its mean; never below 5 %
    double spread = Math.max(variance * (1 + 1.0 / n), Math.pow(MIN_RELATIVE_SPREAD * mean, 2));
    return new Estimate(mean, spread);
  }

  /**
   * @param total the predicted whole run, in seconds
   * @param variance its variance, in seconds squared
   */
  record Estimate(double total, double variance) {}
}
