package dev.ujm.server.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4), for tests: every sample must
 * belong to a family declared with {@code # HELP} (not empty) and {@code # TYPE} before it, names
 * and labels must be well formed, no series may appear twice, counters end in {@code _total}, and
 * every histogram's buckets must grow with {@code le} and end in {@code +Inf} equal to its {@code
 * _count}. Anything else throws, so a test that reads values through it also checks the format.
 */
final class PrometheusText {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern SAMPLE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)( -?\\d+)?");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\[\\\\\"n])*)\"(,|$)");

  /** One family: its type, help and samples keyed by series name and sorted labels. */
  record Family(String name, String type, String help, Map<String, Double> samples) {}

  private final Map<String, Family> families = new LinkedHashMap<>();
  private final Map<String, Map<String, TreeMap<Double, Double>>> buckets = new TreeMap<>();

  private PrometheusText() {}

  /** Parses the text, checking it as the class comment says. */
  static PrometheusText parse(String text) {
    PrometheusText parsed = new PrometheusText();
    Map<String, String> helps = new TreeMap<>();
    int n = 0;
    for (String line : text.split("\n", -1)) {
      n++;
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("# HELP ")) {
        String[] parts = line.substring(7).split(" ", 2);
        check(NAME.matcher(parts[0]).matches(), n, "bad family name: " + line);
        check(parts.length == 2 && !parts[1].isBlank(), n, "empty help: " + line);
        check(helps.put(parts[0], parts[1]) == null, n, "help given twice: " + line);
      } else if (line.startsWith("# TYPE ")) {
        String[] parts = line.substring(7).split(" ");
        check(parts.length == 2, n, "bad type line: " + line);
        check(
            List.of("counter", "gauge", "histogram", "summary", "untyped").contains(parts[1]),
            n,
            "unknown type: " + line);
        check(helps.containsKey(parts[0]), n, "type before help: " + line);
        check(!parsed.families.containsKey(parts[0]), n, "family declared twice: " + line);
        parsed.families.put(
            parts[0], new Family(parts[0], parts[1], helps.get(parts[0]), new LinkedHashMap<>()));
      } else if (line.startsWith("#")) {
        continue; // a comment
      } else {
        parsed.sample(line, n);
      }
    }
    parsed.families.values().forEach(parsed::checkFamily);
    return parsed;
  }

  private void sample(String line, int n) {
    Matcher m = SAMPLE.matcher(line);
    check(m.matches(), n, "not a sample: " + line);
    String series = m.group(1);
    Map<String, String> labels = new TreeMap<>();
    if (m.group(3) != null && !m.group(3).isEmpty()) {
      Matcher l = LABEL.matcher(m.group(3));
      int at = 0;
      while (at < m.group(3).length()) {
        check(l.find(at) && l.start() == at, n, "bad labels: " + line);
        check(labels.put(l.group(1), l.group(2)) == null, n, "label twice: " + line);
        at = l.end();
      }
    }
    Family family = familyOf(series);
    check(family != null, n, "sample without # TYPE: " + line);
    double value = value(m.group(4), n);
    check(family.samples().put(key(series, labels), value) == null, n, "series twice: " + line);
    if (family.type().equals("histogram") && series.equals(family.name() + "_bucket")) {
      Map<String, String> rest = new TreeMap<>(labels);
      String le = rest.remove("le");
      check(le != null, n, "a bucket without le: " + line);
      buckets
          .computeIfAbsent(family.name(), f -> new TreeMap<>())
          .computeIfAbsent(key(family.name() + "_count", rest), c -> new TreeMap<>())
          .put(value(le, n), value);
    }
  }

  private Family familyOf(String series) {
    if (families.containsKey(series)) {
      return families.get(series);
    }
    for (String suffix : List.of("_bucket", "_count", "_sum", "_created")) {
      if (series.endsWith(suffix)) {
        Family f = families.get(series.substring(0, series.length() - suffix.length()));
        if (f != null && !f.type().equals("gauge") && !f.type().equals("counter")) {
          return f;
        }
      }
    }
    return null;
  }

  private void checkFamily(Family family) {
    if (family.type().equals("counter")) {
      check(family.name().endsWith("_total"), 0, "a counter must end in _total: " + family.name());
    }
    if (!family.type().equals("histogram")) {
      return;
    }
    Map<String, TreeMap<Double, Double>> series = buckets.getOrDefault(family.name(), Map.of());
    check(
        series.size()
            == family.samples().keySet().stream()
                .filter(k -> k.startsWith(family.name() + "_count{"))
                .count(),
        0,
        "every histogram series needs buckets: " + family.name());
    series.forEach(
        (count, byLe) -> {
          double last = 0;
          for (double cumulative : byLe.values()) {
            check(cumulative >= last, 0, "buckets must not fall: " + count);
            last = cumulative;
          }
          check(byLe.lastKey() == Double.POSITIVE_INFINITY, 0, "no +Inf bucket: " + count);
          check(
              Objects.equals(family.samples().get(count), last),
              0,
              "+Inf bucket differs from _count: " + count);
        });
  }

  /** The declared families by name. */
  Map<String, Family> families() {
    return families;
  }

  /**
   * The value of one series, 0 when it is absent (a counter not yet incremented for those labels).
   *
   * @param labels name, value, name, value, … (in any order)
   */
  double value(String series, String... labels) {
    Map<String, String> sorted = new TreeMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      sorted.put(labels[i], labels[i + 1]);
    }
    Family family = familyOf(series);
    if (family == null) {
      throw new AssertionError("no family for " + series);
    }
    return family.samples().getOrDefault(key(series, sorted), 0.0);
  }

  /** Every series name that has a sample: family names and their _bucket, _count, _sum. */
  java.util.Set<String> seriesNames() {
    java.util.Set<String> names = new java.util.TreeSet<>();
    families.values().forEach(f -> f.samples().keySet().forEach(k -> names.add(k.split("\\{")[0])));
    return names;
  }

  private static String key(String series, Map<String, String> labels) {
    StringBuilder key = new StringBuilder(series).append('{');
    labels.forEach((name, value) -> key.append(name).append("=\"").append(value).append("\","));
    return key.append('}').toString();
  }

  private static double value(String text, int line) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> {
        try {
          yield Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("line " + line + ": not a number: " + text);
        }
      }
    };
  }

  private static void check(boolean condition, int line, String message) {
    if (!condition) {
      throw new IllegalArgumentException(line > 0 ? "line " + line + ": " + message : message);
    }
  }
}
