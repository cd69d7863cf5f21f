package dev.ujm.store.sqlite;

import static dev.ujm.test.JobFixtures.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.JobQuery;
import dev.ujm.test.ManualClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema step 15 rebuilds the listing by queue without the state: a file from before it lists its
 * queues' jobs as before, and running the step again changes nothing.
 */
class QueueListingMigrationTest {
  private final ManualClock clock = ManualClock.startingAt2026();

  @Test
  void a_file_from_before_step_fifteen_gets_the_index_by_queue_and_id_and_lists_as_before(
      @TempDir Path dir) throws Exception {
    Path file = dir.resolve("ujm.db");
    List<String> queued = new ArrayList<>();
    String running;
    try (SqliteJobStore store = SqliteJobStore.open(file, clock)) {
      for (int i = 0; i < 3; i++) {
        queued.add(store.submit(aJob().queue("mail").build()).job().id());
        clock.advance(Duration.ofMillis(1));
      }
      store.submit(aJob().queue("other").build());
      running = store.claim(ClaimRequest.of("mail", "w", 1, Duration.ofMinutes(1))).get(0).id();
    }
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement sql = db.createStatement()) {
      sql.execute("DROP INDEX jobs_by_queue");
      sql.execute("CREATE INDEX jobs_by_queue ON jobs (queue, state, id)");
      sql.execute("DELETE FROM schema_version WHERE version >= 15");
    }

    SqliteJobStore.open(file, clock).close();
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement sql = db.createStatement()) {
      sql.execute("DELETE FROM schema_version WHERE version >= 15"); // and once more
    }

    try (SqliteJobStore reopened = SqliteJobStore.open(file, clock)) {
      assertThat(columns(file, "jobs_by_queue")).containsExactly("queue", "id");
      assertThat(reopened.find(JobQuery.all(10).withQueue("mail")).items())
          .extracting(Job::id)
          .containsExactlyElementsOf(queued.reversed());
      assertThat(
              reopened
                  .find(JobQuery.all(10).withQueue("mail").withStates(Set.of(JobState.QUEUED)))
                  .items())
          .extracting(Job::id)
          .containsExactlyElementsOf(
              queued.reversed().stream().filter(id -> !id.equals(running)).toList());
    }
  }

  private static List<String> columns(Path file, String index) throws Exception {
    List<String> columns = new ArrayList<>();
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement sql = db.createStatement();
        ResultSet rows =
            sql.executeQuery(
                "SELECT name FROM pragma_index_info('" + index + "') ORDER BY seqno")) {
      while (rows.next()) {
        columns.add(rows.getString(1));
      }
    }
    return columns;
  }
}
