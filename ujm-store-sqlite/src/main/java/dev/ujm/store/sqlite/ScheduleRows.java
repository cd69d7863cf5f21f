package dev.ujm.store.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ujm.core.model.Json;
import dev.ujm.core.schedule.Schedule;
import dev.ujm.core.schedule.ScheduleDefinition;
import dev.ujm.core.schedule.ScheduleFire;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The mapping between {@link Schedule} and a row of {@code schedules} (the definition as JSON text,
 * {@code enabled} beside it for the due index), and the reads of schedules and their history.
 * Stateless.
 */
final class ScheduleRows {
  static final String COLUMNS =
      "id, tenant_id, owner_id, definition, next_fire_at, last_fire_at, last_job_id, version,"
          + " created_at, updated_at";
  static final String BY_ID = "SELECT " + COLUMNS + " FROM schedules WHERE id = ?";
  static final String DUE =
      "SELECT "
          + COLUMNS
          + " FROM schedules INDEXED BY schedules_due"
          + " WHERE enabled = 1 AND next_fire_at <= ? ORDER BY next_fire_at LIMIT ?";
  static final String FIRES =
      "SELECT seq, schedule_id, fire_at, outcome, job_id, at FROM schedule_fires"
          + " WHERE schedule_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?";

  /** Prepares a cached statement on whichever connection reads. */
  @FunctionalInterface
  interface Statements {
    PreparedStatement prepare(String sql) throws SQLException;
  }

  private ScheduleRows() {}

  static Schedule get(Statements db, String id) throws SQLException {
    List<Schedule> found = schedules(db.prepare(BY_ID), id);
    return found.isEmpty() ? null : found.get(0);
  }

  static List<Schedule> schedules(PreparedStatement statement, Object... parameters)
      throws SQLException {
    List<Schedule> list = new ArrayList<>();
    try (ResultSet rows = StatementCache.bind(statement, parameters).executeQuery()) {
      while (rows.next()) {
        list.add(schedule(rows));
      }
    }
    return list;
  }

  private static Schedule schedule(ResultSet row) throws SQLException {
    return new Schedule(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        definition(row.getString(4)),
        instant(row, 5),
        instant(row, 6),
        row.getString(7),
        row.getLong(8),
        instant(row, 9),
        instant(row, 10));
  }

  static String text(ScheduleDefinition definition) {
    return JobRows.text(definition);
  }

  private static ScheduleDefinition definition(String text) {
    try {
      return Json.mapper().readValue(text, ScheduleDefinition.class);
    } catch (JsonProcessingException e) {
      throw new SqliteStoreException("stored schedule is unreadable", e);
    }
  }

  /** One page of history, newest first; the cursor is the last line's sequence number. */
  static dev.ujm.core.store.Page<ScheduleFire> fires(
      Statements db, String scheduleId, String cursor, int limit) throws SQLException {
    long before;
    try {
      before = cursor == null ? Long.MAX_VALUE : Long.parseLong(cursor);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad cursor '" + cursor + "'");
    }
    List<ScheduleFire> page = new ArrayList<>();
    long last = 0;
    boolean more = false;
    try (ResultSet rows =
        StatementCache.bind(db.prepare(FIRES), scheduleId, before, limit + 1).executeQuery()) {
      while (rows.next()) {
        if (page.size() == limit) {
          more = true;
          break;
        }
        last = rows.getLong(1);
        page.add(
            new ScheduleFire(
                rows.getString(2),
                Instant.ofEpochMilli(rows.getLong(3)),
                ScheduleFire.Outcome.parse(rows.getString(4)),
                rows.getString(5),
                Instant.ofEpochMilli(rows.getLong(6))));
      }
    }
    return new dev.ujm.core.store.Page<>(page, more ? Long.toString(last) : null);
  }

  private static Instant instant(ResultSet row, int column) throws SQLException {
    long millis = row.getLong(column);
    return row.wasNull() ? null : Instant.ofEpochMilli(millis);
  }
}
