package dev.ujm.store.sqlite;

import static dev.ujm.test.JobFixtures.aJob;
import static dev.ujm.test.JobFixtures.aJobIn;
import static dev.ujm.test.JobFixtures.anError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.Lease;
import dev.ujm.core.model.UjmException;
import dev.ujm.core.store.CancelRequest;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.FailRequest;
import dev.ujm.core.store.StoreStats;
import dev.ujm.test.ManualClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counts that stats read ({@code job_counts}, kept by the writer and a trigger for deletes)
 * equal a count of the jobs themselves after every kind of write: submits, claims, completions,
 * failures, retries, cancels (with their dependents), a write that fails, and purges, for every
 * tenant and for all of them; and a file from before the table gets it filled from its jobs.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JobCountsTest {
  @TempDir Path dir;
  private final ManualClock clock = ManualClock.startingAt2026();

  @Test
  void stats_equal_a_count_of_the_jobs_after_every_kind_of_write() throws Exception {
    Path file = dir.resolve("ujm.db");
    try (SqliteJobStore store = SqliteJobStore.open(file, clock)) {
      store.submitAll(
          List.of(
              aJobIn("mail").tenant("t1").build(),
              aJobIn("mail").tenant("t1").build(),
              aJobIn("mail").tenant("t2").build(),
              aJobIn("crawl").build(),
              aJobIn("crawl").build(),
              aJobIn("crawl").runAt(clock.instant().plusSeconds(60)).build()));
      assertThat(countsOf(store.stats())).isEqualTo(counted(file, null));

      List<Job> mail = store.claim(ClaimRequest.of("mail", "w1", 3, Duration.ofMinutes(1)));
      List<Job> crawl = store.claim(ClaimRequest.of("crawl", "w1", 2, Duration.ofMinutes(1)));
      store.complete(mail.get(0).lease(), null);
      store.fail(new FailRequest(mail.get(1).lease(), anError("boom", 1, clock.instant()), null));
      store.fail(
          new FailRequest(
              mail.get(2).lease(),
              anError("flaky", 1, clock.instant()),
              clock.instant().plusSeconds(5)));
      store.release(crawl.get(0).lease(), "shutting down");
      store.cancel(new CancelRequest(crawl.get(1).id(), "admin", "not needed"));
      store.retry(mail.get(1).id(), "admin");
      assertThatThrownBy(() -> store.complete(new Lease(mail.get(0).id(), "w2", 1), null))
          .isInstanceOf(UjmException.class);
      Job parent = store.submit(aJobIn("flow").build()).job();
      store.submit(aJobIn("flow").dependsOn(List.of(parent.id())).build());
      Job doomed = store.submit(aJobIn("flow").build()).job();
      store.submit(aJobIn("flow").dependsOn(List.of(doomed.id())).build());
      store.cancel(new CancelRequest(doomed.id(), "admin", "stops its dependent"));
      Job claimedParent =
          store.claim(ClaimRequest.of("flow", "w1", 1, Duration.ofMinutes(1))).get(0);
      store.complete(claimedParent.lease(), null);
      assertThat(countsOf(store.stats())).isEqualTo(counted(file, null));
      assertThat(countsOf(store.stats()).get("flow"))
          .containsEntry(JobState.QUEUED, 1L)
          .containsEntry(JobState.CANCELLED, 2L);
      assertThat(countsOf(store.stats("t1"))).isEqualTo(counted(file, "t1"));
      assertThat(countsOf(store.stats("t2"))).isEqualTo(counted(file, "t2"));

      clock.advance(Duration.ofMinutes(2));
      store.promoteDue(100);
      store.purge(clock.instant(), 100);
      assertThat(countsOf(store.stats())).isEqualTo(counted(file, null));
      assertThat(countsOf(store.stats("t1"))).isEqualTo(counted(file, "t1"));
      assertThat(store.stats().queues())
          .allSatisfy(queue -> assertThat(queue.counts().values()).allMatch(n -> n > 0));
    }
  }

  @Test
  void a_file_from_before_the_counts_table_gets_it_filled_from_its_jobs() throws Exception {
    Path file = dir.resolve("ujm.db");
    try (SqliteJobStore store = SqliteJobStore.open(file, clock)) {
      store.submitAll(
          List.of(aJob().tenant("t1").build(), aJob().build(), aJobIn("crawl").build()));
      store.claim(ClaimRequest.of("crawl", "w1", 1, Duration.ofMinutes(1)));
    }
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement sql = db.createStatement()) {
      sql.execute("DROP TRIGGER job_counts_delete");
      sql.execute("DROP TABLE job_counts");
      // Back to a file of schema step 8: the steps after the counts' (9) go too.
      sql.execute("DROP TABLE access_audit");
      sql.execute("DROP TABLE job_metrics");
      sql.execute("DELETE FROM schema_version WHERE version >= 9");
    }

    try (SqliteJobStore reopened = SqliteJobStore.open(file, clock)) {
      assertThat(countsOf(reopened.stats())).isEqualTo(counted(file, null));
      assertThat(reopened.stats().queues()).hasSize(2);
    }
  }

  private static Map<String, Map<JobState, Long>> countsOf(StoreStats stats) {
    Map<String, Map<JobState, Long>> counts = new TreeMap<>();
    stats.queues().forEach(q -> counts.put(q.queue(), new EnumMap<>(q.counts())));
    return counts;
  }

  /** The counts per queue and state as counting the jobs table gives them. */
  private static Map<String, Map<JobState, Long>> counted(Path file, String tenant)
      throws SQLException {
    Map<String, Map<JobState, Long>> counts = new TreeMap<>();
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
        var select =
            db.prepareStatement(
                "SELECT queue, state, count(*) FROM jobs WHERE ? IS NULL OR tenant_id = ?"
                    + " GROUP BY queue, state")) {
      select.setString(1, tenant);
      select.setString(2, tenant);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          counts
              .computeIfAbsent(rows.getString(1), q -> new EnumMap<>(JobState.class))
              .put(JobState.parse(rows.getString(2)), rows.getLong(3));
        }
      }
    }
    return counts;
  }
}
