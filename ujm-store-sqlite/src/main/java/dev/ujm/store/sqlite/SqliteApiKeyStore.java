package dev.ujm.store.sqlite;

import dev.ujm.core.auth.ApiKey;
import dev.ujm.core.auth.ApiKeyNotFoundException;
import dev.ujm.core.auth.ApiKeyStore;
import dev.ujm.core.auth.ApiRole;
import dev.ujm.core.auth.KeyAuditEntry;
import dev.ujm.core.store.Page;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * API keys in the embedded SQLite database, next to the jobs: tables {@code api_keys} and {@code
 * api_key_audit}, created by this class if they do not exist, reached through a connection of its
 * own. Key changes are rare, so one connection behind one lock is enough; each change and its audit
 * line commit in one transaction ({@code synchronous=FULL}). A file in a directory that cannot be
 * written is opened read-only: keys can be looked up, changes throw {@link
 * dev.ujm.core.store.StorageFaultException}, as do storage faults (full disk, I/O errors).
 * Thread-safe.
 */
public final class SqliteApiKeyStore implements ApiKeyStore {
  private static final String COLUMNS =
      "id, role, tenant_id, user_id, name, created_at, revoked_at";
  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();

  private SqliteApiKeyStore(Connection connection) {
    this.connection = connection;
  }

  /**
   * Opens (and creates when missing) the key tables in this database file.
   *
   * @throws dev.ujm.core.store.StorageFaultException when the file cannot be made or read
   * @throws IllegalStateException when the file cannot be opened for another reason
   */
  public static SqliteApiKeyStore open(Path databaseFile) {
    Path file = databaseFile.toAbsolutePath();
    try {
      boolean readOnly = DatabaseFile.prepare(file);
      SqliteConnections connections = new SqliteConnections(file, readOnly);
      Connection connection = readOnly ? connections.openReader() : connections.openWriter();
      try (Statement s = connection.createStatement()) {
        if (readOnly) {
          requireTables(s, file);
        } else {
          createTables(s);
        }
      } catch (SQLException | RuntimeException e) {
        connection.close();
        throw e;
      }
      return new SqliteApiKeyStore(connection);
    } catch (SQLException e) {
      if (SqliteFaults.kindOf(e) != null) {
        throw SqliteFaults.of(e, "open of the API key tables in " + file);
      }
      throw new IllegalStateException(
          "cannot open the API key tables in " + file + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the database file " + file, e);
    }
  }

  private static void createTables(Statement s) throws SQLException {
    s.execute(
        "CREATE TABLE IF NOT EXISTS api_keys (id TEXT PRIMARY KEY, secret_hash TEXT NOT NULL UNIQUE,"
            + " role TEXT NOT NULL, tenant_id TEXT NOT NULL, user_id TEXT NOT NULL, name TEXT,"
            + " created_at INTEGER NOT NULL, revoked_at INTEGER)");
    s.execute("CREATE INDEX IF NOT EXISTS api_keys_by_tenant ON api_keys (tenant_id, id)");
    s.execute(
        "CREATE TABLE IF NOT EXISTS api_key_audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, key_id TEXT NOT NULL,"
            + " action TEXT NOT NULL, actor TEXT NOT NULL, detail TEXT, at INTEGER NOT NULL)");
    s.execute("CREATE INDEX IF NOT EXISTS api_key_audit_by_key ON api_key_audit (key_id, seq)");
  }

  private static void requireTables(Statement s, Path file) throws SQLException {
    try (ResultSet rs =
        s.executeQuery(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                + " AND name IN ('api_keys', 'api_key_audit')")) {
      rs.next();
      if (rs.getInt(1) != 2) {
        throw new IllegalStateException(
            file + " holds no API key tables, and it is read-only so they cannot be made");
      }
    }
  }

  @Override
  public void create(ApiKey key, String secretHash, String actor) {
    inTransaction(
        () -> {
          if (find("SELECT " + COLUMNS + " FROM api_keys WHERE id = ?", key.id()).isPresent()) {
            throw new IllegalArgumentException("an API key with id " + key.id() + " exists");
          }
          if (findBySecretHashLocked(secretHash).isPresent()) {
            throw new IllegalArgumentException("an API key with this secret exists");
          }
          insert(key, secretHash, actor);
          return null;
        });
  }

  @Override
  public ApiKey ensure(ApiKey key, String secretHash, String actor) {
    // The usual case (the same key as at the last start) reads only, so a read-only file serves.
    Optional<ApiKey> unchanged = locked(() -> sameAs(key, secretHash));
    if (unchanged.isPresent()) {
      return unchanged.get();
    }
    return inTransaction(
        () -> {
          Optional<ApiKey> current =
              find("SELECT " + COLUMNS + " FROM api_keys WHERE id = ?", key.id());
          if (current.isEmpty()) {
            Optional<ApiKey> holder = findBySecretHashLocked(secretHash);
            if (holder.isPresent()) {
              throw new IllegalArgumentException("another API key has this secret");
            }
            insert(key, secretHash, actor);
            return key;
          }
          ApiKey now = current.get();
          String storedHash = hashOf(key.id());
          boolean same =
              now.isActive()
                  && secretHash.equals(storedHash)
                  && now.role() == key.role()
                  && now.tenantId().equals(key.tenantId())
                  && now.userId().equals(key.userId())
                  && Objects.equals(now.name(), key.name());
          if (same) {
            return now;
          }
          Optional<ApiKey> holder = findBySecretHashLocked(secretHash);
          if (holder.isPresent() && !holder.get().id().equals(key.id())) {
            throw new IllegalArgumentException("another API key has this secret");
          }
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "UPDATE api_keys SET secret_hash = ?, role = ?, tenant_id = ?, user_id = ?, name = ?,"
                      + " revoked_at = NULL WHERE id = ?")) {
            ps.setString(1, secretHash);
            ps.setString(2, key.role().wireName());
            ps.setString(3, key.tenantId());
            ps.setString(4, key.userId());
            ps.setString(5, key.name());
            ps.setString(6, key.id());
            ps.executeUpdate();
          }
          ApiKey replaced =
              new ApiKey(
                  key.id(),
                  key.role(),
                  key.tenantId(),
                  key.userId(),
                  key.name(),
                  now.createdAt(),
                  null);
          audit(key.id(), "secret replaced", actor, describe(replaced), key.createdAt());
          return replaced;
        });
  }

  @Override
  public Optional<ApiKey> findBySecretHash(String secretHash) {
    return locked(() -> findBySecretHashLocked(secretHash));
  }

  @Override
  public Optional<ApiKey> get(String keyId) {
    return locked(() -> find("SELECT " + COLUMNS + " FROM api_keys WHERE id = ?", keyId));
  }

  @Override
  public Page<ApiKey> list(String tenantId, String cursor, int limit) {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be 1 to 1000, not " + limit);
    }
    return locked(
        () -> {
          String sql =
              "SELECT "
                  + COLUMNS
                  + " FROM api_keys WHERE (? IS NULL OR tenant_id = ?) AND (? IS NULL OR id > ?)"
                  + " ORDER BY id LIMIT ?";
          List<ApiKey> keys = new ArrayList<>();
          try (PreparedStatement ps = connection.prepareStatement(sql)) {
            setNullable(ps, 1, tenantId);
            setNullable(ps, 2, tenantId);
            setNullable(ps, 3, cursor);
            setNullable(ps, 4, cursor);
            ps.setInt(5, limit + 1);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                keys.add(map(rs));
              }
            }
          }
          if (keys.size() > limit) {
            List<ApiKey> page = keys.subList(0, limit);
            return new Page<>(page, page.get(limit - 1).id());
          }
          return new Page<>(keys, null);
        });
  }

  @Override
  public ApiKey revoke(String keyId, String actor, Instant at) {
    return inTransaction(
        () -> {
          ApiKey key =
              find("SELECT " + COLUMNS + " FROM api_keys WHERE id = ?", keyId)
                  .orElseThrow(() -> new ApiKeyNotFoundException(keyId));
          if (!key.isActive()) {
            return key;
          }
          try (PreparedStatement ps =
              connection.prepareStatement("UPDATE api_keys SET revoked_at = ? WHERE id = ?")) {
            ps.setLong(1, at.toEpochMilli());
            ps.setString(2, keyId);
            ps.executeUpdate();
          }
          audit(keyId, "revoked", actor, describe(key), at);
          return key.revokedAt(at);
        });
  }

  @Override
  public List<KeyAuditEntry> auditTrail(String keyId) {
    return locked(
        () -> {
          List<KeyAuditEntry> entries = new ArrayList<>();
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "SELECT key_id, action, actor, detail, at FROM api_key_audit WHERE key_id = ? ORDER BY seq")) {
            ps.setString(1, keyId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                entries.add(
                    new KeyAuditEntry(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        Instant.ofEpochMilli(rs.getLong(5))));
              }
            }
          }
          return entries;
        });
  }

  @Override
  public boolean isReady() {
    return locked(
        () -> {
          try (Statement s = connection.createStatement();
              ResultSet rs = s.executeQuery("SELECT 1")) {
            return rs.next();
          }
        });
  }

  @Override
  public void close() {
    lock.lock();
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot close the API key store: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  private void insert(ApiKey key, String secretHash, String actor) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO api_keys (id, secret_hash, role, tenant_id, user_id, name, created_at, revoked_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, NULL)")) {
      ps.setString(1, key.id());
      ps.setString(2, secretHash);
      ps.setString(3, key.role().wireName());
      ps.setString(4, key.tenantId());
      ps.setString(5, key.userId());
      ps.setString(6, key.name());
      ps.setLong(7, key.createdAt().toEpochMilli());
      ps.executeUpdate();
    }
    audit(key.id(), "created", actor, describe(key), key.createdAt());
  }

  /** The stored key when it is active and equal to this one with this secret, else empty. */
  private Optional<ApiKey> sameAs(ApiKey key, String secretHash) throws SQLException {
    Optional<ApiKey> current = find("SELECT " + COLUMNS + " FROM api_keys WHERE id = ?", key.id());
    if (current.isEmpty()) {
      return Optional.empty();
    }
    ApiKey now = current.get();
    boolean same =
        now.isActive()
            && secretHash.equals(hashOf(key.id()))
            && now.role() == key.role()
            && now.tenantId().equals(key.tenantId())
            && now.userId().equals(key.userId())
            && Objects.equals(now.name(), key.name());
    return same ? current : Optional.empty();
  }

  private Optional<ApiKey> findBySecretHashLocked(String secretHash) throws SQLException {
    return find("SELECT " + COLUMNS + " FROM api_keys WHERE secret_hash = ?", secretHash);
  }

  private String hashOf(String keyId) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT secret_hash FROM api_keys WHERE id = ?")) {
      ps.setString(1, keyId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private Optional<ApiKey> find(String sql, String value) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setString(1, value);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(map(rs)) : Optional.empty();
      }
    }
  }

  private void audit(String keyId, String action, String actor, String detail, Instant at)
      throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO api_key_audit (key_id, action, actor, detail, at) VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, keyId);
      ps.setString(2, action);
      ps.setString(3, actor == null ? "system" : actor);
      ps.setString(4, detail);
      ps.setLong(5, at.toEpochMilli());
      ps.executeUpdate();
    }
  }

  private static ApiKey map(ResultSet rs) throws SQLException {
    long revoked = rs.getLong(7);
    boolean active = rs.wasNull();
    return new ApiKey(
        rs.getString(1),
        ApiRole.parse(rs.getString(2)),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        Instant.ofEpochMilli(rs.getLong(6)),
        active ? null : Instant.ofEpochMilli(revoked));
  }

  private static String describe(ApiKey key) {
    return "role=" + key.role().wireName() + " tenant=" + key.tenantId() + " user=" + key.userId();
  }

  private static void setNullable(PreparedStatement ps, int index, String value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }

  private interface SqlWork<T> {
    T run() throws SQLException;
  }

  private <T> T locked(SqlWork<T> work) {
    lock.lock();
    try {
      return work.run();
    } catch (SQLException e) {
      throw SqliteFaults.of(e, "API key store call");
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs work in one write transaction; IMMEDIATE takes the write lock up front, so a
   * read-then-write never fails.
   */
  private <T> T inTransaction(SqlWork<T> work) {
    return locked(
        () -> {
          try (Statement s = connection.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
          }
          try {
            T result = work.run();
            try (Statement s = connection.createStatement()) {
              s.execute("COMMIT");
            }
            return result;
          } catch (SQLException | RuntimeException e) {
            // After a full disk or an I/O error SQLite may have rolled back already.
            try (Statement s = connection.createStatement()) {
              s.execute("ROLLBACK");
            } catch (SQLException rollback) {
              e.addSuppressed(rollback);
            }
            throw e;
          }
        });
  }
}
