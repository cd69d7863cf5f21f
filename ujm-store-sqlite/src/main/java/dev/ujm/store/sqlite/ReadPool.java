package dev.ujm.store.sqlite;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A few read-only connections shared by the reading threads. In WAL mode each read sees the last
 * committed state and never waits for the writer. A reader borrows a connection (with its cached
 * statements) for one piece of work and gives it back. Thread-safe.
 *
 * <p>A read asked for on a virtual thread runs on one of the pool's platform threads (one per
 * connection) while the virtual thread waits unmounted: a native SQLite call cannot unmount, so run
 * on a virtual thread it would hold its carrier, and with as many carriers as cores a few slow
 * reads would stall every request and job of the process. Platform threads read directly.
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
  private final ExecutorService platformReaders;
  private volatile boolean closed;

  ReadPool(SqliteConnections connections, int size) throws SQLException {
    this.idle = new ArrayBlockingQueue<>(size);
    this.platformReaders =
        Executors.newFixedThreadPool(
            size, Thread.ofPlatform().daemon(true).name("ujm-sqlite-reader-", 1).factory());
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
    return Thread.currentThread().isVirtual() ? onPlatformThread(work) : readHere(work);
  }

  private <T> T onPlatformThread(Work<T> work) {
    Future<T> read;
    try {
      read = platformReaders.submit(() -> readHere(work));
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("the job store is closed", e);
    }
    try {
      return read.get();
    } catch (InterruptedException e) {
      Thread.currentThread()
          .interrupt(); // the read finishes on its own and gives its connection back
      throw new SqliteStoreException("interrupted while reading", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new SqliteStoreException("read failed: " + e.getCause(), e.getCause());
    }
  }

  private <T> T readHere(Work<T> work) {
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
    platformReaders.shutdown();
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
