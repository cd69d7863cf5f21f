package dev.ujm.jobs.crawl;

import dev.ujm.core.model.Progress;
import java.time.Duration;
import java.util.Locale;

/**
 * Turns a crawl's totals into the job's {@link Progress}: pages done of pages planned, the current
 * URL and the rate in the message, and an ETA from this attempt's rate. Pure functions.
 */
final class CrawlProgress {
  private static final int MAX_URL_IN_MESSAGE = 200;

  private CrawlProgress() {}

  /**
   * @param done records produced so far (all attempts)
   * @param remaining URLs still expected
   * @param doneThisAttempt records produced by this attempt
   * @param elapsedThisAttempt time this attempt has run
   * @param currentUrl the URL most recently started, or null
   */
  static Progress of(
      long done,
      long remaining,
      long doneThisAttempt,
      Duration elapsedThisAttempt,
      String currentUrl) {
    long total = done + remaining;
    double seconds = elapsedThisAttempt.toMillis() / 1000.0;
    double rate = seconds > 0 ? doneThisAttempt / seconds : 0;
    Long eta = rate > 0 ? (long) Math.ceil(remaining / rate) : null;
    int percent = total == 0 ? 100 : (int) Math.min(100, done * 100 / total);
    String url =
        currentUrl == null
            ? ""
            : currentUrl.length() > MAX_URL_IN_MESSAGE
                ? currentUrl.substring(0, MAX_URL_IN_MESSAGE) + "…"
                : currentUrl;
    String message =
        String.format(
            Locale.ROOT,
            "%d of %d pages, %.1f pages/s%s",
            done,
            total,
            rate,
            url.isEmpty() ? "" : ", at " + url);
    return new Progress(percent, message, done, total, eta);
  }

  /** Pages per second over a duration, 0 when none has passed. */
  static double rate(long pages, Duration elapsed) {
    return elapsed.toMillis() <= 0 ? 0 : Math.round(pages * 10_000.0 / elapsed.toMillis()) / 10.0;
  }
}
