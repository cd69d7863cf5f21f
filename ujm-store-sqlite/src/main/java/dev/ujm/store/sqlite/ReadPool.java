package dev.ujm.store.sqlite;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A few read-only connections shared by the reading threads. In WAL mode each read sees the last
 * committed state and never waits for the writer. A reader borrows a connection (with its cached
 * statements) for one piece of work and gives it back. Thread-safe.
 */
final class ReadPool implements AutoCloseable {
  private static final long BORROW_TIMEOUT_SECONDS = 30;

  /** The work of one read, run with a connection of its own. */
  @FunctionalInterface
  interface Work<T> {
    T run(StatementCache statements) throws SQLException;
  }

  private final BlockingQueue<StatementCache> idle;
  private final List<StatementCache> all = new ArrayList<>();
  private volatile boolean closed;

  ReadPool(SqliteConnections connections, int size) throws SQLException {
    this.idle = new ArrayBlockingQueue<>(size);
    try {
      for (int i = 0; i < size; i++) {
        StatementCache reader = new StatementCache(connections.openReader());
        all.add(reader);
        idle.add(reader);
      }
    } catch (SQLException e) {
      close();
      throw e;
    }
  }

  /**
   * Runs the work on a free read connection, waiting for one if all are busy.
   *
   * @throws IllegalStateException when the store is closed
   * @throws dev.ujm.core.store.StorageFaultException when the storage fails (I/O error, damaged
   *     file)
   * @throws SqliteStoreException when the database refuses the read or no connection frees up in
   *     time
   */
  <T> T read(Work<T> work) {
    if (closed) {
      throw new IllegalStateException("the job store is closed");
    }
    StatementCache reader = borrow();
    try {
      return work.run(reader);
    } catch (SQLException e) {
      reader.discardAll(); // the statement that failed may be dead
      throw SqliteFaults.of(e, "read");
    } finally {
      idle.add(reader);
    }
  }

  private StatementCache borrow() {
    try {
      StatementCache reader = idle.poll(BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (reader == null) {
        throw new SqliteStoreException(
            "no read connection became free in " + BORROW_TIMEOUT_SECONDS + " s");
      }
      return reader;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SqliteStoreException("interrupted while waiting for a read connection", e);
    }
  }

  /**
   * Closes every connection, first waiting a little for reads still running to give theirs back.
   */
  @Override
  public void close() {
    closed = true;
    try {
      for (int i = 0; i < all.size(); i++) {
        if (idle.poll(5, TimeUnit.SECONDS) == null) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (StatementCache reader : all) {
      try {
        reader.close();
      } catch (SQLException e) {
        // closing a read connection cannot lose data; nothing to do
      }
    }
  }
}
