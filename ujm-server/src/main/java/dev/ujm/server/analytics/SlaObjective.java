package dev.ujm.server.analytics;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service-level objective of one job type ({@code UJM_SLA_<TYPE>="99% within 60s"}): at least
 * {@code percent} % of its jobs that end complete within {@code within} of their submit. A job that
 * ends failed (dead-lettered) misses it; a cancelled one does not count.
 */
public record SlaObjective(String type, double percent, Duration within, String text) {
  private static final Pattern GRAMMAR =
      Pattern.compile("(\\d{1,3}(?:\\.\\d{1,4})?)\\s*%\\s+within\\s+(\\d{1,9})\\s*(ms|s|m|h)");

  /**
   * Reads {@code "<percent>% within <time>"}: a percent above 0 and below 100, and a time of
   * milliseconds, seconds, minutes or hours up to a day, for example {@code 99.5% within 2m}.
   *
   * @throws IllegalArgumentException with one sentence that says how to write it
   */
  public static SlaObjective parse(String type, String text) {
    Matcher m = GRAMMAR.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "write the objective as \"<percent>% within <time>\", for example \"99% within 60s\""
              + " (time in ms, s, m or h)");
    }
    double percent = Double.parseDouble(m.group(1));
    long amount = Long.parseLong(m.group(2));
    Duration within =
        switch (m.group(3)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          default -> Duration.ofHours(amount);
        };
    if (!(percent > 0 && percent < 100)) {
      throw new IllegalArgumentException("the percent must be above 0 and below 100");
    }
    if (within.isZero() || within.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("the time must be above 0 and at most 24h");
    }
    return new SlaObjective(type, percent, within, m.group(1) + "% within " + amount + m.group(3));
  }
}
