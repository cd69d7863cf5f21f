package dev.ujm.core.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The range a queue's pool may be autoscaled in on one node, from {@code
 * UJM_WORKERS_<QUEUE>=min..max}.
 */
public record ScaleRange(int min, int max) {
  private static final Pattern RANGE =
      Pattern.compile("\\s*(\\d{1,5})\\s*\\.\\.\\s*(\\d{1,5})\\s*");

  public ScaleRange {
    if (min < 0 || min > max) {
      throw new IllegalArgumentException(
          "a scale range needs 0 <= min <= max: " + min + ".." + max);
    }
  }

  /** The range a setting's value names, if it is written {@code min..max}. */
  public static Optional<ScaleRange> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    Matcher m = RANGE.matcher(value);
    if (!m.matches()) {
      return Optional.empty();
    }
    int min = Integer.parseInt(m.group(1));
    int max = Integer.parseInt(m.group(2));
    return min <= max ? Optional.of(new ScaleRange(min, max)) : Optional.empty();
  }

  /** The ranges among the {@code UJM_WORKERS_<QUEUE>} settings, by lower-cased queue name. */
  public static Map<String, ScaleRange> fromSettings(Map<String, String> settings) {
    Map<String, ScaleRange> ranges = new TreeMap<>();
    settings.forEach(
        (name, value) -> {
          if (name.startsWith("UJM_WORKERS_") && name.length() > "UJM_WORKERS_".length()) {
            parse(value).ifPresent(r -> ranges.put(name.substring(12).toLowerCase(Locale.ROOT), r));
          }
        });
    return ranges;
  }

  @Override
  public String toString() {
    return min + ".." + max;
  }
}
