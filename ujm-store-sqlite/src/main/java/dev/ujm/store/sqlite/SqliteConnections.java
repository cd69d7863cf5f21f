package dev.ujm.store.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * Opens connections to one database file with the settings every UJM connection needs: WAL journal
 * (readers never block the writer), {@code synchronous=FULL} (a commit returns only once it is on
 * disk, so an acknowledged write survives a power cut) and a busy timeout (a rare lock conflict
 * waits instead of failing). Generated keys are off: the store never asks for them, and the driver
 * would otherwise run an extra query after every insert.
 *
 * <p>A file that may only be read (its directory or file system is read-only) is opened read-only.
 * When no write-ahead log is next to it (the last writer closed cleanly, so every change is in the
 * file itself) it is opened as immutable: SQLite then needs no {@code -shm} file, which a read-only
 * directory could not hold.
 */
final class SqliteConnections {
  static final int BUSY_TIMEOUT_MILLIS = 10_000;

  private final Path file;
  private final boolean readOnly;

  SqliteConnections(Path file, boolean readOnly) {
    this.file = file;
    this.readOnly = readOnly;
  }

  /**
   * The writer's connection: it issues its own BEGIN/COMMIT, so the driver stays in auto-commit
   * mode.
   */
  Connection openWriter() throws SQLException {
    Connection connection = open();
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA journal_size_limit = 67108864");
    }
    return connection;
  }

  /** A reader's connection: refuses writes, sees the last committed state. */
  Connection openReader() throws SQLException {
    Connection connection = open();
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA query_only = 1");
    }
    return connection;
  }

  private Connection open() throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    config.setCacheSize(-16_000); // 16 MB page cache per connection
    // Nothing reads generated keys; with them on, the driver prepares "SELECT last_insert_rowid()"
    // after every insert.
    config.setGetGeneratedKeys(false);
    // The driver already lets one thread at a time into SQLite per connection (its native calls
    // are synchronized on the connection), so SQLite's own connection mutex, taken and released
    // on every bind, step, column read and reset, only cost time.
    config.setOpenMode(SQLiteOpenMode.NOMUTEX);
    if (readOnly) {
      config.setReadOnly(true);
      Path wal = file.resolveSibling(file.getFileName() + "-wal");
      String url = file.toAbsolutePath().toUri() + (Files.exists(wal) ? "" : "?immutable=1");
      return config.createConnection("jdbc:sqlite:" + url);
    }
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
  }
}
