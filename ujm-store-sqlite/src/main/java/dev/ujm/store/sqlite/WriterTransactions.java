package dev.ujm.store.sqlite;

import java.sql.SQLException;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteConnectionConfig;

/**
 * Begins, commits and rolls back the writer's own transactions ({@code BEGIN IMMEDIATE}, {@code
 * COMMIT}, {@code ROLLBACK}), and keeps the driver's idea of auto-commit in step with them.
 *
 * <p>The writer's connection stays in auto-commit mode for the driver (the JDBC way to begin would
 * be a deferred transaction, and the writer wants the write lock before its first read). In that
 * mode the driver follows every statement that runs to its end with a {@code begin;} of its own, to
 * commit whatever SQLite may still hold open: inside the writer's transaction that {@code begin;}
 * always fails, and it was a wasted step, with an error message built and two resets, after every
 * statement a job's write runs (the completion, its savepoint, the look for dependents…). Between
 * {@link #begin()} and the end of the transaction the driver is therefore told that auto-commit is
 * off, which it is, and after a commit or a rollback that it is on again. Used by the writer thread
 * only; not thread-safe.
 */
final class WriterTransactions {
  private final StatementCache statements;
  private final SQLiteConnectionConfig driver;

  /**
   * @throws SqliteStoreException when the connection is not the SQLite driver's
   */
  WriterTransactions(StatementCache statements) {
    this.statements = statements;
    try {
      this.driver = statements.connection().unwrap(SQLiteConnection.class).getConnectionConfig();
    } catch (SQLException e) {
      throw new SqliteStoreException("the writer needs a connection of the SQLite driver", e);
    }
  }

  /** Takes the write lock and opens the transaction. */
  void begin() throws SQLException {
    statements.prepare("BEGIN IMMEDIATE").execute();
    driver.setAutoCommit(false);
  }

  /**
   * Commits. If the commit fails the transaction may still be open, and the driver keeps treating
   * it so until {@link #rollback()}.
   */
  void commit() throws SQLException {
    statements.prepare("COMMIT").execute();
    driver.setAutoCommit(true);
  }

  /**
   * Rolls back; whether or not a transaction was still open (SQLite rolls back by itself after some
   * errors), the driver is back in auto-commit mode afterwards.
   */
  void rollback() throws SQLException {
    try {
      statements.prepare("ROLLBACK").execute();
    } finally {
      driver.setAutoCommit(true);
    }
  }
}
