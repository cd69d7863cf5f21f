package dev.ujm.store.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the database gives the pages that purges free back to the file system. SQLite keeps freed
 * pages in the file for reuse unless {@code auto_vacuum} is on; in {@code INCREMENTAL} mode {@code
 * PRAGMA incremental_vacuum(n)} moves up to n pages from the end of the file into free slots and
 * shortens the file, one small step at a time (the space reclaimer duty calls {@link #reclaim}).
 *
 * <ul>
 *   <li>A new file is made {@code INCREMENTAL} before anything else is written ({@link
 *       #prepareNewFile}): the mode can only be chosen while the file is empty.
 *   <li>A file made by an older UJM (mode {@code NONE}) is switched once, at open, by a {@code
 *       VACUUM} that rewrites the whole file ({@link #switchToIncremental}); it needs about twice
 *       the file's size free on its disk and takes seconds per hundred megabytes. Without that much
 *       space the switch waits for a later start (logged), and freed pages are reused but not given
 *       back.
 * </ul>
 *
 * Stateless.
 */
final class FreePages {
  private static final Logger LOG = LoggerFactory.getLogger(FreePages.class);

  /** {@code PRAGMA auto_vacuum} of a file that keeps its freed pages. */
  private static final int NONE = 0;

  /** Free pages always kept for the next writes: at least this many… */
  static final long RESERVE_PAGES = 2_048;

  /** …or this share of the file (1/16), whichever is more. */
  static final long RESERVE_SHARE = 16;

  private static final String FREE = "PRAGMA freelist_count";
  private static final String PAGES = "PRAGMA page_count";

  private FreePages() {}

  /** Makes a new, empty database file incremental-vacuum, in WAL mode, before it holds a table. */
  static void prepareNewFile(Path file) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA auto_vacuum = INCREMENTAL");
      // Writes the header with the mode: from here on the file keeps it.
      statement.execute("PRAGMA journal_mode = WAL");
    }
  }

  /**
   * Switches a database made without auto-vacuum to incremental mode with one {@code VACUUM}, when
   * its disk has the room; otherwise leaves it as it is and says why. Runs on the writer's
   * connection before any other connection is open.
   */
  static void switchToIncremental(Connection writer, Path file) throws SQLException {
    try (Statement statement = writer.createStatement()) {
      if (pragma(statement, "PRAGMA auto_vacuum") != NONE) {
        return;
      }
      long size = sizeOf(file);
      long usable = usableSpace(file);
      if (usable < 2 * size) {
        LOG.warn(
            "{} cannot give the space of purged jobs back to the disk (auto_vacuum is off); the"
                + " one-time switch needs about {} MB free on its disk and {} MB are: it is left"
                + " for a later start, and freed space is reused meanwhile",
            file,
            2 * size / 1_000_000,
            usable / 1_000_000);
        return;
      }
      LOG.info(
          "switching {} ({} MB) to incremental auto-vacuum, once: rewriting the file",
          file,
          size / 1_000_000);
      long start = System.nanoTime();
      statement.execute("PRAGMA auto_vacuum = INCREMENTAL");
      // VACUUM builds its copy in a temporary database: on disk, not in memory, for a large file.
      statement.execute("PRAGMA temp_store = FILE");
      try {
        statement.execute("VACUUM");
      } finally {
        statement.execute("PRAGMA temp_store = MEMORY");
      }
      // The rewrite went through the write-ahead log: fold it into the file and empty it.
      statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)").close();
      LOG.info(
          "{} now gives freed space back: {} MB after the switch, in {} ms",
          file,
          sizeOf(file) / 1_000_000,
          (System.nanoTime() - start) / 1_000_000);
    }
  }

  /**
   * One step: gives up to {@code limit} free pages back, keeping a reserve for the next writes.
   *
   * @return the pages given back; 0 when there are no more beyond the reserve, or the file does not
   *     use incremental auto-vacuum
   */
  static int reclaim(WriteTransaction tx, int limit) throws SQLException {
    long free = single(tx, FREE);
    long reserve = Math.max(RESERVE_PAGES, single(tx, PAGES) / RESERVE_SHARE);
    long give = Math.min(limit, free - reserve);
    if (give <= 0) {
      return 0;
    }
    // The count is part of the pragma's text, not a parameter: a statement of its own, uncached.
    tx.execute("PRAGMA incremental_vacuum(" + give + ")");
    return (int) Math.max(0, free - single(tx, FREE));
  }

  private static long single(WriteTransaction tx, String sql) throws SQLException {
    try (ResultSet row = tx.prepare(sql).executeQuery()) {
      return row.next() ? row.getLong(1) : 0;
    }
  }

  private static int pragma(Statement statement, String sql) throws SQLException {
    try (ResultSet row = statement.executeQuery(sql)) {
      return row.next() ? row.getInt(1) : 0;
    }
  }

  private static long sizeOf(Path file) {
    try {
      long size = Files.size(file);
      Path wal = file.resolveSibling(file.getFileName() + "-wal");
      return Files.exists(wal) ? size + Files.size(wal) : size;
    } catch (IOException e) {
      return 0;
    }
  }

  private static long usableSpace(Path file) {
    try {
      return Files.getFileStore(file).getUsableSpace();
    } catch (IOException e) {
      return 0;
    }
  }
}
