package dev.ujm.jobs.crawl;

import dev.ujm.core.model.Progress;
import java.time.Duration;
import java.util.Locale;

/**
 * Turns a crawl's totals into the job's {@link Progress}: pages done of pages planned, how many of
 * them were fetched, failed or skipped, the current URL and the fetch rate in the message, and an
 * ETA from this attempt's rate. The rate counts fetched pages only, so a crawl whose requests all
 * fail shows 0 pages/s rather than the speed at which it failed. Pure functions.
 */
final class CrawlProgress {
  private static final int MAX_URL_IN_MESSAGE = 200;

  private CrawlProgress() {}

  /**
   * @param counts totals of the records produced so far (all attempts)
   * @param remaining URLs still expected
   * @param atStart totals when this attempt started
   * @param elapsedThisAttempt time this attempt has run
   * @param currentUrl the URL most recently started, or null
   */
  static Progress of(
      CrawlCounts counts,
      long remaining,
      CrawlCounts atStart,
      Duration elapsedThisAttempt,
      String currentUrl) {
    long done = counts.pagesStored();
    long total = done + remaining;
    double seconds = elapsedThisAttempt.toMillis() / 1000.0;
    long doneThisAttempt = done - atStart.pagesStored();
    double recordRate = seconds > 0 ? doneThisAttempt / seconds : 0;
    double fetchRate = seconds > 0 ? (counts.pagesFetched() - atStart.pagesFetched()) / seconds : 0;
    Long eta = recordRate > 0 ? (long) Math.ceil(remaining / recordRate) : null;
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
            "%d of %d pages (%d fetched, %d failed, %d skipped), %.1f pages/s%s",
            done,
            total,
            counts.pagesFetched(),
            counts.failed(),
            counts.skippedByRobots() + counts.duplicates() + counts.otherSkips(),
            fetchRate,
            url.isEmpty() ? "" : ", at " + url);
    return new Progress(percent, message, done, total, eta);
  }

  /** Pages per second over a duration, 0 when none has passed. */
  static double rate(long pages, Duration elapsed) {
    return elapsed.toMillis() <= 0 ? 0 : Math.round(pages * 10_000.0 / elapsed.toMillis()) / 10.0;
  }
}
