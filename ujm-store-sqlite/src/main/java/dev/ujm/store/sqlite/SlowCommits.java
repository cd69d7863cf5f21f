package dev.ujm.store.sqlite;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says when the disk makes every writer wait: a {@code COMMIT} (the WAL frames written and synced,
 * and the checkpoint SQLite runs in it when the WAL is long) that took longer than {@link #SLOW} is
 * logged at WARN, at most once per {@link #REPORT_EVERY}, with the number of slow ones since the
 * last line. Every write of the group, and every write queued behind it, waited that long, so these
 * lines are what explains a burst of slow requests while the server's CPU was idle.
 *
 * <p>Used by the writer thread only; not thread-safe.
 */
final class SlowCommits {
  private static final Logger LOG = LoggerFactory.getLogger(SlowCommits.class);

  /** A commit slower than this is reported (the request log's slow line starts at the same). */
  static final Duration SLOW = Duration.ofMillis(100);

  /** At most one line this often; the slow commits in between are counted in the next one. */
  static final Duration REPORT_EVERY = Duration.ofSeconds(10);

  private final String database;
  private boolean reported;
  private long lastReportNanos;
  private int unreported;

  /**
   * @param database the file, named in the log line
   */
  SlowCommits(String database) {
    this.database = database;
  }

  /**
   * One commit ended.
   *
   * @param commitNanos how long the {@code COMMIT} statement took
   * @param writes the writes of its group
   * @param nowNanos {@link System#nanoTime()} when it ended
   * @return whether a line was written
   */
  boolean committed(long commitNanos, int writes, long nowNanos) {
    if (commitNanos < SLOW.toNanos()) {
      return false;
    }
    if (reported && nowNanos - lastReportNanos < REPORT_EVERY.toNanos()) {
      unreported++;
      return false;
    }
    LOG.warn(
        "{}: a commit of {} write(s) waited {} ms for the disk (the WAL written and synced, with"
            + " any checkpoint), and every write queued behind it waited too{}",
        database,
        writes,
        commitNanos / 1_000_000,
        unreported == 0
            ? ""
            : " ("
                + unreported
                + " more commit(s) over "
                + SLOW.toMillis()
                + " ms since the last line)");
    reported = true;
    lastReportNanos = nowNanos;
    unreported = 0;
    return true;
  }
}
