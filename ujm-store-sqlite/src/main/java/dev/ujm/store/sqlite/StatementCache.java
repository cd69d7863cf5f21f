package dev.ujm.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prepared statements of one connection, prepared once and reused: parsing SQL costs more than
 * running it for the small statements a job store issues. The cache keeps the {@link #CAPACITY}
 * most recently used statements (searches build their SQL from the filters given, so the set of
 * texts is open-ended) and closes the ones it drops. Belongs to one connection and is used by one
 * thread at a time; not thread-safe.
 *
 * <p>After most errors (a full disk, an I/O error, a damaged page) the driver finalizes the
 * statement that failed while its Java object still looks open: used again, it fails with
 * "statement is not executing" for ever. So whoever sees a database error calls {@link
 * #discardAll()}, and the next use prepares fresh statements.
 */
final class StatementCache implements AutoCloseable {
  static final int CAPACITY = 200;

  private static final Logger LOG = LoggerFactory.getLogger(StatementCache.class);

  private final Connection connection;
  private final Map<String, PreparedStatement> statements =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
          if (size() <= CAPACITY) {
            return false;
          }
          closeQuietly(eldest.getValue());
          return true;
        }
      };

  StatementCache(Connection connection) {
    this.connection = connection;
  }

  /**
   * The statement for this SQL, prepared on first use. Callers bind every parameter before each
   * run.
   */
  PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement statement = statements.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      statements.put(sql, statement);
    }
    return statement;
  }

  /**
   * Binds values to parameters 1..n; {@code null} binds SQL NULL. Values are String, Integer, Long
   * or null.
   */
  static PreparedStatement bind(PreparedStatement statement, Object... values) throws SQLException {
    return bindAt(statement, 0, values);
  }

  /** Binds values to parameters offset+1..offset+n, as {@link #bind} does. */
  static PreparedStatement bindAt(PreparedStatement statement, int offset, Object... values)
      throws SQLException {
    for (int i = 0; i < values.length; i++) {
      statement.setObject(offset + i + 1, values[i]);
    }
    return statement;
  }

  Connection connection() {
    return connection;
  }

  /**
   * Closes and forgets every cached statement, after a database error: one of them may be dead.
   * Preparing them again costs a few microseconds each.
   */
  void discardAll() {
    statements.values().forEach(StatementCache::closeQuietly);
    statements.clear();
  }

  /** Closes the statements and the connection. */
  @Override
  public void close() throws SQLException {
    statements.values().forEach(StatementCache::closeQuietly);
    statements.clear();
    connection.close();
  }

  private static void closeQuietly(PreparedStatement statement) {
    try {
      statement.close();
    } catch (SQLException e) {
      LOG.debug("closing a cached statement failed: {}", e.getMessage());
    }
  }
}
