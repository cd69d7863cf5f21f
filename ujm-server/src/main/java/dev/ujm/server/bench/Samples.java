package dev.ujm.server.bench;

import java.util.Arrays;
import java.util.List;

/** Percentiles and medians of measured values. Not thread-safe. */
final class Samples {
  private Samples() {}

  /** The value at {@code percentile} (0 to 100) of sorted copies of the values, nearest rank. */
  static double percentile(long[] values, int count, double percentile) {
    if (count == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(values, count);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(percentile / 100.0 * count);
    return sorted[Math.max(0, Math.min(count - 1, rank - 1))];
  }

  /** The median of several runs' results. */
  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
