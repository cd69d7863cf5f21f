package dev.ujm.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer's transactions: the driver is told auto-commit is off while one is open, and on again
 * after it ends however it ends.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class WriterTransactionsTest {
  @TempDir Path dir;
  private SqliteConnections connections;
  private StatementCache statements;
  private WriterTransactions transactions;

  @BeforeEach
  void open() throws SQLException {
    connections = new SqliteConnections(dir.resolve("ujm.db"), false);
    statements = new StatementCache(connections.openWriter());
    statements.prepare("CREATE TABLE t (n INTEGER)").execute();
    transactions = new WriterTransactions(statements);
  }

  @AfterEach
  void close() throws SQLException {
    statements.close();
  }

  @Test
  void a_committed_transaction_is_on_disk_and_the_driver_was_out_of_auto_commit_only_inside_it()
      throws SQLException {
    transactions.begin();
    boolean inside = statements.connection().getAutoCommit();
    statements.prepare("INSERT INTO t (n) VALUES (1)").execute();
    transactions.commit();

    assertThat(inside).isFalse();
    assertThat(statements.connection().getAutoCommit()).isTrue();
    assertThat(rowsSeenByAnotherConnection()).isEqualTo(1);
  }

  @Test
  void a_rolled_back_transaction_leaves_nothing_and_the_driver_back_in_auto_commit()
      throws SQLException {
    transactions.begin();
    statements.prepare("INSERT INTO t (n) VALUES (1)").execute();
    transactions.rollback();

    assertThat(statements.connection().getAutoCommit()).isTrue();
    assertThat(rowsSeenByAnotherConnection()).isZero();
  }

  @Test
  void a_rollback_with_no_transaction_left_still_puts_the_driver_back_in_auto_commit()
      throws SQLException {
    transactions.begin();
    statements.prepare("ROLLBACK").execute(); // as SQLite does by itself after some errors

    assertThatThrownBy(transactions::rollback).isInstanceOf(SQLException.class);
    assertThat(statements.connection().getAutoCommit()).isTrue();
  }

  @Test
  void the_writers_tasks_run_with_the_driver_out_of_auto_commit() {
    try (SqliteJobStore store =
        SqliteJobStore.open(dir.resolve("store.db"), java.time.Clock.systemUTC())) {
      boolean autoCommit =
          store.writer().execute(tx -> tx.prepare("SELECT 1").getConnection().getAutoCommit());

      assertThat(autoCommit).isFalse();
    }
  }

  private long rowsSeenByAnotherConnection() throws SQLException {
    try (Connection reader = connections.openReader();
        Statement statement = reader.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM t")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
