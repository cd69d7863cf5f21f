package dev.ujm.core.advice;

import dev.ujm.core.tenant.Usage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Flags the job types whose attempts that did not complete cost the most worker time, from the
 * metered usage ({@link Usage}) of the last days. Usage counts running seconds per day and type,
 * not per outcome, so the time of the attempts that did not complete (failed for good, retried
 * later, cancelled, expired) is taken at the type's mean attempt length: running seconds times
 * their share of the attempts. Types below {@value #MIN_WASTED_SECONDS} s or {@value #MIN_SHARE} of
 * their running time are left out; the worst {@value #MAX_TYPES} are kept. Pure; thread-safe.
 */
final class RetryAdvisor {
  static final double MIN_WASTED_SECONDS = 60;
  static final double MIN_SHARE = 0.1;
  static final int MAX_TYPES = 10;

  private RetryAdvisor() {}

  /**
   * @param usage the rows of one tenant over {@code days} days
   */
  static List<Recommendation> advise(String tenantId, List<Usage> usage, int days) {
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, Double> running = new TreeMap<>();
    for (Usage u : usage) {
      long[] c = counts.computeIfAbsent(u.type(), t -> new long[3]);
      c[0] += u.attempts();
      c[1] += u.completed();
      c[2] += u.failed();
      running.merge(u.type(), u.runningSeconds(), Double::sum);
    }
    List<Recommendation> out = new ArrayList<>();
    counts.forEach(
        (type, c) -> {
          long unfinished = c[0] - c[1];
          if (c[0] == 0 || unfinished <= 0) {
            return;
          }
          double share = (double) unfinished / c[0];
          double wasted = running.get(type) * share;
          if (wasted < MIN_WASTED_SECONDS || share < MIN_SHARE) {
            return;
          }
          Map<String, Object> figures = new LinkedHashMap<>();
          figures.put("days", days);
          figures.put("attempts", c[0]);
          figures.put("completed", c[1]);
          figures.put("failed", c[2]);
          figures.put("runningSeconds", Recommendations.round(running.get(type)));
          figures.put("wastedSeconds", Recommendations.round(wasted));
          figures.put("wastedShare", Recommendations.round(share));
          String message =
              String.format(
                  Locale.ROOT,
                  "%s: %d of %d attempts in the last %d days did not complete (%d failed for good),"
                      + " about %.0f s of worker time (%.0f %% of its running time); fix the cause"
                      + " or lower its maxAttempts.",
                  type,
                  unfinished,
                  c[0],
                  days,
                  c[2],
                  wasted,
                  share * 100);
          out.add(new Recommendation("retry-waste", type, tenantId, message, figures));
        });
    out.sort(
        Comparator.comparingDouble(
            r -> -((Number) r.figures().get("wastedSeconds")).doubleValue()));
    return out.size() > MAX_TYPES ? List.copyOf(out.subList(0, MAX_TYPES)) : out;
  }
}
