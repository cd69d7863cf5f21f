package dev.ujm.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.StoreMaintenance.Report;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store's maintenance tasks on real database files. */
class SqliteStoreMaintenanceTest {
  @TempDir Path dir;

  @Test
  void integrity_check_and_wal_checkpoint_run_beside_an_open_store() {
    Path file = dir.resolve("ujm.db");
    try (SqliteJobStore store = SqliteJobStore.open(file, InstantSource.system())) {
      for (int i = 0; i < 50; i++) {
        store.submit(NewJob.ofType("noop").payload(Map.of("i", i)).build());
      }
      SqliteStoreMaintenance maintenance = new SqliteStoreMaintenance(file);

      Report integrity = maintenance.run("integrity-check", () -> false);
      Report checkpoint = maintenance.run("checkpoint-wal", () -> false);
      store.submit(NewJob.ofType("noop").build()); // the store writes on afterwards

      assertThat(integrity.ok()).isTrue();
      assertThat(integrity.summary()).isEqualTo("the database is intact");
      assertThat(checkpoint.ok()).isTrue();
      assertThat(checkpoint.details()).containsKeys("walFrames", "checkpointedFrames");
      assertThat(maintenance.tasks())
          .containsExactly("checkpoint-wal", "incremental-vacuum", "integrity-check");
    }
  }

  @Test
  void incremental_vacuum_returns_free_pages_in_small_steps() throws Exception {
    Path file = dir.resolve("incremental.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA auto_vacuum = INCREMENTAL");
      s.execute("CREATE TABLE t (x BLOB)");
      for (int i = 0; i < 600; i++) {
        s.execute("INSERT INTO t VALUES (zeroblob(4096))");
      }
      s.execute("DELETE FROM t");
    }

    Report vacuum = new SqliteStoreMaintenance(file).run("incremental-vacuum", () -> false);

    assertThat(vacuum.ok()).isTrue();
    assertThat((long) vacuum.details().get("freePagesBefore"))
        .isGreaterThan(SqliteStoreMaintenance.VACUUM_STEP);
    assertThat(vacuum.details().get("freePagesAfter")).isEqualTo(0L);
    assertThat((int) vacuum.details().get("steps")).isGreaterThan(1);
  }

  @Test
  void a_database_without_incremental_auto_vacuum_says_its_pages_stay() throws Exception {
    Path file = dir.resolve("plain.db"); // made by another program, never opened by the store
    try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
        var statement = db.createStatement()) {
      statement.execute("PRAGMA auto_vacuum = NONE");
      statement.execute("CREATE TABLE t (x)");
    }

    Report vacuum = new SqliteStoreMaintenance(file).run("incremental-vacuum", () -> false);

    assertThat(vacuum.summary()).contains("auto_vacuum is not incremental");
  }
}
