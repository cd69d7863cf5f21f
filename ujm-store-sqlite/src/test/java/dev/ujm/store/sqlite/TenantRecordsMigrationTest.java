package dev.ujm.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.core.tenant.Tenant;
import dev.ujm.core.tenant.TenantQuotas;
import dev.ujm.test.ManualClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema step 12 copies the tenant records of an older file into the table whose weight may be null
 * and that has the submit rates: every record keeps what it had, and a record may then leave its
 * weight to the default.
 */
class TenantRecordsMigrationTest {
  private final ManualClock clock = ManualClock.startingAt2026();

  @Test
  void records_of_a_file_from_before_step_twelve_come_through_whole(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("ujm.db");
    SqliteJobStore.open(file, clock).close();
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement sql = db.createStatement()) {
      sql.execute("DROP TABLE tenants");
      sql.execute(
          "CREATE TABLE tenants (id TEXT PRIMARY KEY, name TEXT NOT NULL, weight REAL NOT NULL,"
              + " max_running INTEGER, max_queued INTEGER, jobs_per_day INTEGER,"
              + " max_payload_bytes INTEGER, allowed_types TEXT, cost_per_day REAL,"
              + " updated_at INTEGER NOT NULL)");
      sql.execute(
          "INSERT INTO tenants VALUES ('acme', 'Acme', 3.0, 2, 100, 1000, NULL, '[\"noop\"]',"
              + " 50.0, 0)");
      sql.execute("DELETE FROM schema_version WHERE version >= 12");
    }

    try (SqliteJobStore reopened = SqliteJobStore.open(file, clock)) {
      assertThat(reopened.tenants().get("acme"))
          .contains(
              new Tenant(
                  "acme",
                  "Acme",
                  3.0,
                  new TenantQuotas(
                      2, 100, 1000, null, java.util.Set.of("noop"), 50.0, null, null)));
      Tenant unweighted = new Tenant("globex", null, null, null);
      reopened.tenants().put(unweighted);
      assertThat(reopened.tenants().get("globex")).contains(unweighted);
    }
  }
}
