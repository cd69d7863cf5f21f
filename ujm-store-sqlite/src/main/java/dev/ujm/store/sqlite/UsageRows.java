package dev.ujm.store.sqlite;

import dev.ujm.core.tenant.Usage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The metered usage of the embedded store: one {@code tenant_usage} row per tenant ('' for jobs
 * without one), UTC day and job type. The writer sums each group commit's submits and ends of
 * attempts and adds them in the same transaction ({@link GroupUsage}, {@link #ADD}); result items
 * are counted by the write that appends them ({@link #ADD_RESULT_BYTES}). Schema step 8 counted
 * with triggers on {@code jobs} ({@link #COUNT_SUBMIT}, {@link #COUNT_ATTEMPT_END}), which a later
 * step drops. See {@link Usage} for what counts. Stateless.
 */
final class UsageRows {
  private static final String COLUMNS =
      "submitted, attempts, completed, failed, running_ms, cost, result_bytes";

  /** The UTC day of a millisecond instant, as {@code tenant_usage.day} holds it. */
  private static String day(String millis) {
    return "date(" + millis + " / 1000, 'unixepoch')";
  }

  /**
   * Adds to the row of (tenant, day, type), creating it at zero: each argument is an SQL
   * expression.
   */
  private static String add(String tenant, String day, String type, String... amounts) {
    String assignments =
        String.join(
            ", ",
            List.of(COLUMNS.split(", ")).stream()
                .map(column -> column + " = " + column + " + excluded." + column)
                .toList());
    return "INSERT INTO tenant_usage (tenant, day, type, "
        + COLUMNS
        + ") VALUES ("
        + tenant
        + ", "
        + day
        + ", "
        + type
        + ", "
        + String.join(", ", amounts)
        + ") ON CONFLICT (tenant, day, type) DO UPDATE SET "
        + assignments;
  }

  /**
   * The trigger body for a new job: one submitted, on the day it was created (schema step 8 only).
   */
  static final String COUNT_SUBMIT =
      " BEGIN "
          + add(
              "ifnull(new.tenant_id, '')",
              day("new.created_at"),
              "new.type",
              "1",
              "0",
              "0",
              "0",
              "0",
              "0",
              "0")
          + "; END";

  /**
   * The trigger body for a job leaving processing: the attempt's running time, and unless it was
   * handed back (its attempt given back) one attempt and its cost; completed with the result's
   * bytes, or failed (schema step 8 only).
   */
  static final String COUNT_ATTEMPT_END =
      " BEGIN "
          + add(
              "ifnull(new.tenant_id, '')",
              day("new.updated_at"),
              "new.type",
              "0",
              "new.attempt >= old.attempt",
              "new.state = 'completed'",
              "new.state = 'failed'",
              "new.updated_at - ifnull(old.attempt_started_at, new.updated_at)",
              "CASE WHEN new.attempt >= old.attempt THEN new.cost ELSE 0 END",
              "CASE WHEN new.state = 'completed'"
                  + " THEN ifnull(length(CAST(new.result AS BLOB)), 0) ELSE 0 END")
          + "; END";

  /**
   * Adds to a row: tenant key, day (as stored), type, then one amount per column of {@link
   * #COLUMNS}.
   */
  static final String ADD = add("?", "?", "?", "?", "?", "?", "?", "?", "?", "?");

  /** Adds result item bytes: tenant key, day (epoch millis), type, bytes. */
  static final String ADD_RESULT_BYTES = add("?", day("?"), "?", "0", "0", "0", "0", "0", "0", "?");

  static final String USAGE =
      "SELECT day, type, "
          + COLUMNS
          + " FROM tenant_usage WHERE tenant = ? AND day >= ? AND day <= ? ORDER BY day, type";

  private UsageRows() {}

  /** The tenant key of a row: '' for jobs without a tenant. */
  static String tenantKey(String tenantId) {
    return tenantId == null ? "" : tenantId;
  }

  static List<Usage> usage(
      PreparedStatement statement, String tenantId, LocalDate from, LocalDate to)
      throws SQLException {
    List<Usage> list = new ArrayList<>();
    try (ResultSet rows =
        StatementCache.bind(statement, tenantKey(tenantId), from.toString(), to.toString())
            .executeQuery()) {
      while (rows.next()) {
        list.add(
            new Usage(
                tenantId,
                LocalDate.parse(rows.getString(1)),
                rows.getString(2),
                rows.getLong(3),
                rows.getLong(4),
                rows.getLong(5),
                rows.getLong(6),
                rows.getLong(7) / 1000.0,
                rows.getDouble(8),
                rows.getLong(9)));
      }
    }
    return list;
  }
}
