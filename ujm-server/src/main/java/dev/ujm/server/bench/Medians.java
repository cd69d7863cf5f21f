package dev.ujm.server.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The measures of a benchmark over its runs, printed as one table: each measure's median and every
 * run's value, under the command line that reproduces them. Measures keep the order of their first
 * value. Not thread-safe.
 */
final class Medians {
  private final Map<String, List<Double>> byMeasure = new LinkedHashMap<>();

  /** One run's value of a measure. */
  void add(String measure, double value) {
    byMeasure.computeIfAbsent(measure, k -> new ArrayList<>()).add(value);
  }

  /** Prints the command line, then a row per measure, values rounded to whole numbers. */
  void print(PrintWriter out, String commandLine) {
    int width = byMeasure.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
    out.printf("%n%s%n", commandLine);
    out.printf("%-" + width + "s %12s   %s%n", "measure", "median", "runs");
    byMeasure.forEach(
        (measure, values) ->
            out.printf(
                "%-" + width + "s %12.0f   %s%n",
                measure,
                Samples.median(values),
                values.stream().map(v -> String.format("%.0f", v)).toList()));
    out.flush();
  }
}
