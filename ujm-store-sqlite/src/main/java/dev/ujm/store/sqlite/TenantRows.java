package dev.ujm.store.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.ujm.core.model.Json;
import dev.ujm.core.tenant.Tenant;
import dev.ujm.core.tenant.TenantQuotas;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The mapping between {@link Tenant} and a row of {@code tenants}: one column per quota, the
 * allowed types as a JSON array. Stateless.
 */
final class TenantRows {
  private static final String COLUMNS =
      "id, name, weight, max_running, max_queued, jobs_per_day, max_payload_bytes, allowed_types,"
          + " cost_per_day, submits_per_minute, key_submits_per_minute";
  static final String BY_ID = "SELECT " + COLUMNS + " FROM tenants WHERE id = ?";
  static final String ALL = "SELECT " + COLUMNS + " FROM tenants ORDER BY id";
  static final String PUT =
      "INSERT OR REPLACE INTO tenants ("
          + COLUMNS
          + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private TenantRows() {}

  static List<Tenant> tenants(PreparedStatement statement, Object... parameters)
      throws SQLException {
    List<Tenant> list = new ArrayList<>();
    try (ResultSet rows = StatementCache.bind(statement, parameters).executeQuery()) {
      while (rows.next()) {
        list.add(tenant(rows));
      }
    }
    return list;
  }

  /** The parameters of {@link #PUT} for this record, written at {@code nowMillis}. */
  static Object[] row(Tenant tenant, long nowMillis) {
    TenantQuotas q = tenant.quotas();
    return new Object[] {
      tenant.id(),
      tenant.name(),
      tenant.weight(),
      q.maxRunning(),
      q.maxQueued(),
      q.jobsPerDay(),
      q.maxPayloadBytes(),
      q.allowedTypes() == null ? null : JobRows.text(q.allowedTypes()),
      q.costPerDay(),
      q.submitsPerMinute(),
      q.keySubmitsPerMinute(),
      nowMillis
    };
  }

  private static Tenant tenant(ResultSet row) throws SQLException {
    TenantQuotas quotas =
        new TenantQuotas(
            JobRows.integer(row, 4),
            JobRows.integer(row, 5),
            JobRows.integer(row, 6),
            longOrNull(row, 7),
            types(row.getString(8)),
            doubleOrNull(row, 9),
            JobRows.integer(row, 10),
            JobRows.integer(row, 11));
    return new Tenant(row.getString(1), row.getString(2), doubleOrNull(row, 3), quotas);
  }

  private static Long longOrNull(ResultSet row, int column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? null : value;
  }

  private static Double doubleOrNull(ResultSet row, int column) throws SQLException {
    double value = row.getDouble(column);
    return row.wasNull() ? null : value;
  }

  private static Set<String> types(String text) throws SQLException {
    if (text == null) {
      return null;
    }
    try {
      return Json.mapper().readValue(text, new TypeReference<Set<String>>() {});
    } catch (JsonProcessingException e) {
      throw new SQLException("unreadable allowed_types: " + text, e);
    }
  }
}
