package dev.ujm.core.eta;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How the progress one job type reports relates to the share of its run time that has passed,
 * learned from its completed attempts. The reported fraction is cut into {@link #BUCKETS} bands;
 * each band keeps, for its last {@link #SAMPLES} reports, the ratio of the true fraction (time at
 * the report / whole run time) to the reported one. A sleep's ratios are 1 (its progress is linear
 * in time); a crawl's early ones are below 1, because its total grows as it finds links. Ratios
 * rather than fractions, so a report anywhere in a band is corrected in proportion. Not
 * thread-safe; {@link EtaEstimator} guards it.
 */
final class FractionCalibration {
  static final int BUCKETS = 20;
  static final int SAMPLES = 50;

  /** No rate extrapolates better than this, however steady the history (clock and slice jitter). */
  static final double MIN_RELATIVE_SPREAD = 0.02;

  private static final int MIN_SAMPLES = 3;

  @SuppressWarnings("unchecked")
  private final Deque<Double>[] ratios = new Deque[BUCKETS];

  FractionCalibration() {
    for (int i = 0; i < BUCKETS; i++) {
      ratios[i] = new ArrayDeque<>();
    }
  }

  /**
   * Learns that a report of {@code reported} came when {@code trueFraction} of the run had passed.
   */
  void add(double reported, double trueFraction) {
    if (reported <= 0) {
      return;
    }
    Deque<Double> band = ratios[band(reported)];
    if (band.size() == SAMPLES) {
      band.removeFirst();
    }
    band.addLast(Math.clamp(trueFraction, 0.0, 1.0) / reported);
  }

  /**
   * The share of the run time that has likely passed when {@code reported} (above 0) is reported,
   * with its relative spread. Until a band has a few samples it takes the report at its word, with
   * a spread that shrinks as the report grows (a rate measured over a small part of the run says
   * little).
   */
  Fraction of(double reported) {
    Deque<Double> band = ratios[band(reported)];
    if (band.size() < MIN_SAMPLES) {
      return new Fraction(reported, 0.5 * (1 - reported) / Math.max(reported, 0.05));
    }
    double sum = 0;
    double squares = 0;
    for (double r : band) {
      sum += r;
      squares += r * r;
    }
    int n = band.size();
    double mean = Math.max(sum / n, 0.001);
    double deviation = Math.sqrt(Math.max(0, squares / n - mean * mean) * (1 + 1.0 / n));
    return new Fraction(
        Math.min(1, reported * mean), Math.max(deviation / mean, MIN_RELATIVE_SPREAD));
  }

  private static int band(double reported) {
    return Math.clamp((int) (reported * BUCKETS), 0, BUCKETS - 1);
  }

  /**
   * @param value the share of the run time passed, 0 to 1
   * @param relativeSpread the relative standard deviation of the whole run time it implies
   */
  record Fraction(double value, double relativeSpread) {}
}
