package dev.ujm.store.sqlite;

import static dev.ujm.test.JobFixtures.aJob;
import static dev.ujm.test.JobFixtures.anError;
import static dev.ujm.test.JobFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.Progress;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.FailRequest;
import dev.ujm.core.store.JobQuery;
import dev.ujm.test.ManualClock;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a store acknowledged is in the file: closing and reopening finds every job, event and result
 * item.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DurabilityTest {
  @TempDir Path dir;
  private final ManualClock clock = ManualClock.startingAt2026();

  @Test
  void a_reopened_store_finds_every_job_event_and_result_item() {
    Path file = dir.resolve("nested").resolve("dirs").resolve("ujm.db");
    Job done;
    Job failed;
    Job waiting;
    List<Job> before;
    List<JobEvent> doneHistory;
    try (SqliteJobStore store = SqliteJobStore.open(file, clock)) {
      done = store.submit(aJob().payload(json("n", 1)).tags(List.of("t")).build()).job();
      failed = store.submit(aJob().maxAttempts(1).build()).job();
      List<Job> claimed =
          store.claim(ClaimRequest.of(done.queue(), "w1", 2, Duration.ofSeconds(30)));
      clock.advance(Duration.ofSeconds(1));
      store.progress(claimed.get(0).lease(), Progress.of(1, 2, "half"));
      store.checkpoint(claimed.get(0).lease(), json("at", 1));
      store.appendResults(claimed.get(0).lease(), List.of(json("page", 1), json("page", 2)));
      store.complete(claimed.get(0).lease(), json("ok", true));
      store.fail(
          new FailRequest(claimed.get(1).lease(), anError("Boom", 1, clock.instant()), null));
      waiting = store.submit(aJob().idempotencyKey("k").tenant("t1").build()).job();
      before = store.getAll(List.of(done.id(), failed.id(), waiting.id()));
      doneHistory = store.history(done.id());
    }

    try (SqliteJobStore reopened = SqliteJobStore.open(file, clock)) {
      assertThat(reopened.getAll(List.of(done.id(), failed.id(), waiting.id()))).isEqualTo(before);
      assertThat(reopened.get(done.id()).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
      assertThat(reopened.get(failed.id()).orElseThrow().lastError().type()).isEqualTo("Boom");
      assertThat(reopened.history(done.id())).isEqualTo(doneHistory);
      assertThat(reopened.results(done.id(), null, 10).items())
          .extracting(item -> item.get("page").asInt())
          .containsExactly(1, 2);
      assertThat(reopened.find(JobQuery.all(10).withTag("t")).items())
          .extracting(Job::id)
          .containsExactly(done.id());
      assertThat(reopened.submit(aJob().idempotencyKey("k").tenant("t1").build()).created())
          .isFalse();
    }
  }

  @Test
  void reopening_applies_no_migration_twice() throws Exception {
    Path file = dir.resolve("ujm.db");
    SqliteJobStore.open(file, clock).close();
    SqliteJobStore.open(file, clock).close();

    try (var connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        ResultSet rows =
            connection.createStatement().executeQuery("SELECT version FROM schema_version")) {
      int count = 0;
      while (rows.next()) {
        count++;
        assertThat(rows.getInt(1)).isEqualTo(count);
      }
      assertThat(count).isEqualTo(SchemaMigrations.latestVersion());
    }
  }

  @Test
  void a_database_from_a_newer_version_is_refused() throws Exception {
    Path file = dir.resolve("ujm.db");
    SqliteJobStore.open(file, clock).close();
    try (var connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      connection
          .createStatement()
          .execute("INSERT INTO schema_version VALUES (999, 'from the future', 0)");
    }

    assertThatThrownBy(() -> SqliteJobStore.open(file, clock))
        .isInstanceOf(SqliteStoreException.class)
        .hasMessageContaining("999");
  }

  @Test
  void the_file_is_in_wal_mode_with_full_synchronous_commits() throws Exception {
    Path file = dir.resolve("ujm.db");
    try (SqliteJobStore store = SqliteJobStore.open(file, clock)) {
      String journal =
          store
              .writer()
              .execute(
                  tx -> {
                    try (ResultSet row = tx.prepare("PRAGMA journal_mode").executeQuery()) {
                      row.next();
                      return row.getString(1);
                    }
                  });
      int synchronous =
          store
              .writer()
              .execute(
                  tx -> {
                    try (ResultSet row = tx.prepare("PRAGMA synchronous").executeQuery()) {
                      row.next();
                      return row.getInt(1);
                    }
                  });
      assertThat(journal).isEqualToIgnoringCase("wal");
      assertThat(synchronous).isEqualTo(2); // FULL
    }
  }
}
