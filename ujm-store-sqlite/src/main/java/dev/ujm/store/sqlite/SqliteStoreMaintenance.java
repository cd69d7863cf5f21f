package dev.ujm.store.sqlite;

import dev.ujm.core.store.StoreMaintenance;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The maintenance tasks of the embedded store, each on a connection of its own so that the store's
 * writer is never held: {@code integrity-check} ({@code PRAGMA integrity_check}, at most 100
 * problems reported), {@code checkpoint-wal} ({@code PRAGMA wal_checkpoint(TRUNCATE)}: the WAL is
 * copied into the database and truncated when no reader holds it) and {@code incremental-vacuum}
 * (free pages returned to the file system {@value #VACUUM_STEP} at a time, each step its own short
 * write transaction, so group commits keep flowing in between; a database without {@code
 * auto_vacuum=INCREMENTAL} has nothing to return and says so). Thread-safe.
 */
public final class SqliteStoreMaintenance implements StoreMaintenance {
  static final int VACUUM_STEP = 256;
  private static final int MAX_VACUUM_STEPS = 100_000;

  private final SqliteConnections connections;

  public SqliteStoreMaintenance(Path databaseFile) {
    this.connections = new SqliteConnections(databaseFile, false);
  }

  @Override
  public List<String> tasks() {
    return List.of("checkpoint-wal", "incremental-vacuum", "integrity-check");
  }

  @Override
  public Report run(String task, BooleanSupplier cancelled) {
    try (Connection c = connections.openWriter();
        Statement s = c.createStatement()) {
      return switch (task) {
        case "integrity-check" -> integrity(s);
        case "checkpoint-wal" -> checkpoint(s);
        case "incremental-vacuum" -> vacuum(s, cancelled);
        default ->
            throw new IllegalArgumentException("unknown task " + task + "; known: " + tasks());
      };
    } catch (SQLException e) {
      return new Report(task, false, task + " failed: " + e.getMessage(), Map.of());
    }
  }

  private static Report integrity(Statement s) throws SQLException {
    List<String> problems = new ArrayList<>();
    try (ResultSet r = s.executeQuery("PRAGMA integrity_check(100)")) {
      while (r.next()) {
        problems.add(r.getString(1));
      }
    }
    boolean ok = problems.equals(List.of("ok"));
    return new Report(
        "integrity-check",
        ok,
        ok ? "the database is intact" : problems.size() + " problems found",
        Map.of("problems", ok ? List.of() : problems));
  }

  private static Report checkpoint(Statement s) throws SQLException {
    try (ResultSet r = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
      r.next();
      boolean busy = r.getInt(1) != 0;
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("walFrames", r.getInt(2));
      details.put("checkpointedFrames", r.getInt(3));
      return new Report(
          "checkpoint-wal",
          !busy,
          busy
              ? "a reader held the WAL; it was checkpointed as far as it could be"
              : "the WAL was checkpointed and truncated",
          details);
    }
  }

  private static Report vacuum(Statement s, BooleanSupplier cancelled) throws SQLException {
    long mode = single(s, "PRAGMA auto_vacuum");
    long before = single(s, "PRAGMA freelist_count");
    if (mode != 2) {
      return new Report(
          "incremental-vacuum",
          true,
          "auto_vacuum is not incremental on this database; "
              + before
              + " free pages stay in the file",
          Map.of("freePagesBefore", before, "freePagesAfter", before, "steps", 0));
    }
    int steps = 0;
    long left = before;
    while (left > 0 && steps < MAX_VACUUM_STEPS && !cancelled.getAsBoolean()) {
      s.execute("PRAGMA incremental_vacuum(" + VACUUM_STEP + ")");
      steps++;
      left = single(s, "PRAGMA freelist_count");
    }
    long pageSize = single(s, "PRAGMA page_size");
    return new Report(
        "incremental-vacuum",
        left == 0,
        (before - left)
            + " free pages ("
            + (before - left) * pageSize
            + " bytes) returned in "
            + steps
            + " steps",
        Map.of("freePagesBefore", before, "freePagesAfter", left, "steps", steps));
  }

  private static long single(Statement s, String sql) throws SQLException {
    try (ResultSet r = s.executeQuery(sql)) {
      return r.next() ? r.getLong(1) : 0;
    }
  }
}
