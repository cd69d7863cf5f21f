package dev.ujm.core.analytics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One point of a metrics series: the sum of the matching rows of one step starting at {@code at}.
 */
public record MetricsPoint(Instant at, MetricsFigures figures) {

  /**
   * The points of the rows a store read: summed per bucket, oldest first, empty buckets left out.
   */
  public static List<MetricsPoint> sum(Iterable<Map.Entry<MetricsKey, MetricsFigures>> rows) {
    TreeMap<Instant, MetricsFigures> byBucket = new TreeMap<>();
    for (Map.Entry<MetricsKey, MetricsFigures> row : rows) {
      byBucket
          .computeIfAbsent(row.getKey().bucket(), at -> new MetricsFigures())
          .add(row.getValue());
    }
    List<MetricsPoint> points = new ArrayList<>(byBucket.size());
    byBucket.forEach((at, figures) -> points.add(new MetricsPoint(at, figures)));
    return points;
  }

  /** Every point's figures added together. */
  public static MetricsFigures total(List<MetricsPoint> points) {
    MetricsFigures total = new MetricsFigures();
    points.forEach(point -> total.add(point.figures()));
    return total;
  }
}
