package dev.ujm.store.sqlite;

import dev.ujm.core.audit.AccessEntry;
import dev.ujm.core.audit.AccessLog;
import dev.ujm.core.audit.AccessQuery;
import dev.ujm.core.store.Page;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The access audit of the embedded store: the {@code access_audit} table of the same database file,
 * appended through the store's group-commit writer (a batch of lines is one task), read newest
 * first by {@code seq} with the tenant's or key's index when one is filtered on. Thread-safe.
 */
final class SqliteAccessLog implements AccessLog {
  private static final String INSERT =
      "INSERT INTO access_audit (key_id, tenant_id, action, target, outcome, request_id, at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?)";
  private static final String PURGE =
      "DELETE FROM access_audit WHERE seq IN"
          + " (SELECT seq FROM access_audit WHERE at < ? ORDER BY seq LIMIT ?)";

  private final SqliteJobStore jobs;

  SqliteAccessLog(SqliteJobStore jobs) {
    this.jobs = jobs;
  }

  @Override
  public void append(List<AccessEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    jobs.writer()
        .execute(
            tx -> {
              tx.batch(
                  INSERT,
                  entries,
                  (statement, e) ->
                      StatementCache.bind(
                          statement,
                          e.keyId(),
                          e.tenantId(),
                          e.action(),
                          e.target(),
                          e.outcome(),
                          e.requestId(),
                          e.at().toEpochMilli()));
              return null;
            });
  }

  @Override
  public Page<AccessEntry> find(AccessQuery query) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT seq, key_id, tenant_id, action, target, outcome, request_id, at"
                + " FROM access_audit WHERE seq < ?");
    List<Object> args = new ArrayList<>();
    args.add(query.before());
    if (query.tenantId() != null) {
      sql.append(" AND tenant_id = ?");
      args.add(query.tenantId());
    }
    if (query.keyId() != null) {
      sql.append(" AND key_id = ?");
      args.add(query.keyId());
    }
    if (query.action() != null) {
      sql.append(" AND action = ?");
      args.add(query.action());
    }
    if (query.from() != null) {
      sql.append(" AND at >= ?");
      args.add(query.from().toEpochMilli());
    }
    if (query.to() != null) {
      sql.append(" AND at < ?");
      args.add(query.to().toEpochMilli());
    }
    sql.append(" ORDER BY seq DESC LIMIT ?");
    args.add(query.limit() + 1);
    List<AccessEntry> found =
        jobs.readers().read(db -> entries(db.prepare(sql.toString()), args.toArray()));
    if (found.size() <= query.limit()) {
      return new Page<>(found, null);
    }
    List<AccessEntry> page = found.subList(0, query.limit());
    return new Page<>(page, String.valueOf(page.getLast().seq()));
  }

  @Override
  public int purge(Instant before, int limit) {
    return jobs.writer().execute(tx -> tx.update(PURGE, before.toEpochMilli(), limit));
  }

  private static List<AccessEntry> entries(PreparedStatement statement, Object[] args)
      throws SQLException {
    List<AccessEntry> list = new ArrayList<>();
    try (ResultSet rows = StatementCache.bind(statement, args).executeQuery()) {
      while (rows.next()) {
        list.add(
            new AccessEntry(
                rows.getLong(1),
                rows.getString(2),
                rows.getString(3),
                rows.getString(4),
                rows.getString(5),
                rows.getInt(6),
                rows.getString(7),
                Instant.ofEpochMilli(rows.getLong(8))));
      }
    }
    return list;
  }
}
