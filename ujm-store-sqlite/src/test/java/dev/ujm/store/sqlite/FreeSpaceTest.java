package dev.ujm.store.sqlite;

import static dev.ujm.test.JobFixtures.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.test.ManualClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Space freed by purges goes back to the disk: new files use incremental auto-vacuum, files made
 * without it are switched once at open, and {@code reclaimSpace} shortens the file in steps while
 * keeping a reserve of free pages.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FreeSpaceTest {
  @TempDir Path dir;
  private final ManualClock clock = ManualClock.startingAt2026();

  @Test
  void a_new_database_gives_freed_pages_back_in_steps_down_to_its_reserve() {
    try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("ujm.db"), clock)) {
      assertThat(pragma(store, "auto_vacuum")).isEqualTo(2); // INCREMENTAL
      completeJobs(store, 2_000, 8_000);
      clock.advance(Duration.ofDays(1));
      while (store.purge(clock.instant(), 500) > 0) {
        // purge every job
      }
      long pagesBefore = pragma(store, "page_count");
      long freeBefore = pragma(store, "freelist_count");
      assertThat(freeBefore).isGreaterThan(FreePages.RESERVE_PAGES + 1_000);

      int firstStep = store.reclaimSpace(100);
      int given = firstStep;
      for (int step = store.reclaimSpace(1_000); step > 0; step = store.reclaimSpace(1_000)) {
        given += step;
      }

      assertThat(firstStep).isEqualTo(100);
      // the file shrank by the pages given back (and the pointer-map pages that went with them)
      assertThat(pragma(store, "page_count")).isLessThanOrEqualTo(pagesBefore - given);
      long reserve = Math.max(FreePages.RESERVE_PAGES, pragma(store, "page_count") / 16);
      assertThat(pragma(store, "freelist_count")).isBetween(reserve - 2, reserve + 2);
    }
  }

  @Test
  void a_database_made_without_auto_vacuum_is_switched_once_at_open() throws Exception {
    Path file = dir.resolve("old.db");
    try (Connection old = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = old.createStatement()) {
      statement.execute("CREATE TABLE left_by_an_older_version (x TEXT)");
      statement.execute("INSERT INTO left_by_an_older_version VALUES ('kept')");
    }

    try (SqliteJobStore store = SqliteJobStore.open(file, clock)) {
      assertThat(pragma(store, "auto_vacuum")).isEqualTo(2);
      Job job = store.submit(aJob().build()).job();
      assertThat(store.get(job.id())).isPresent();
      String kept =
          store
              .writer()
              .execute(
                  tx -> {
                    try (ResultSet row =
                        tx.prepare("SELECT x FROM left_by_an_older_version").executeQuery()) {
                      row.next();
                      return row.getString(1);
                    }
                  });
      assertThat(kept).isEqualTo("kept");
    }
  }

  private static void completeJobs(SqliteJobStore store, int count, int payloadChars) {
    Map<String, String> payload = Map.of("pad", "x".repeat(payloadChars));
    for (int done = 0; done < count; done += 500) {
      List<NewJob> batch = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        batch.add(aJob().payload(payload).build());
      }
      store.submitAll(batch);
      for (Job job : store.claim(ClaimRequest.of("noop", "w1", 500, Duration.ofMinutes(1)))) {
        store.complete(job.lease(), null);
      }
    }
  }

  private static long pragma(SqliteJobStore store, String name) {
    return store
        .writer()
        .execute(
            tx -> {
              try (ResultSet row = tx.prepare("PRAGMA " + name).executeQuery()) {
                row.next();
                return row.getLong(1);
              }
            });
  }
}
