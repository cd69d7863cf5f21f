package dev.ujm.store.sqlite;

import static dev.ujm.test.JobFixtures.aJob;
import static dev.ujm.test.JobFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ujm.core.model.Job;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.StorageFaultException;
import dev.ujm.test.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the store lays jobs out in its tables: what the contract suite cannot see from outside. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StorageDetailsTest {
  private static final List<String> TABLES =
      List.of("jobs", "job_events", "job_results", "job_dependencies", "job_tags");

  @TempDir Path dir;
  private final ManualClock clock = ManualClock.startingAt2026();
  private SqliteJobStore store;

  @BeforeEach
  void open() {
    store = SqliteJobStore.open(dir.resolve("ujm.db"), clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void purging_a_job_deletes_its_rows_from_every_table() {
    Job parent = store.submit(aJob().tags(List.of("a", "b")).build()).job();
    Job child = store.submit(aJob().dependsOn(List.of(parent.id())).build()).job();
    Job claimed =
        store.claim(ClaimRequest.of(parent.queue(), "w1", 1, Duration.ofSeconds(30))).get(0);
    store.appendResults(claimed.lease(), List.of(json("page", 1)));
    store.complete(claimed.lease(), json("done", true));
    Job childRun =
        store.claim(ClaimRequest.of(child.queue(), "w1", 1, Duration.ofSeconds(30))).get(0);
    store.complete(childRun.lease(), null);
    assertThat(rowCounts()).allSatisfy((table, rows) -> assertThat(rows).as(table).isPositive());

    clock.advance(Duration.ofDays(1));
    int purged = store.purge(clock.instant(), 100);

    assertThat(purged).isEqualTo(2);
    assertThat(rowCounts()).allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
    assertThat(count("purged_jobs")).as("one kept trail per purged job").isEqualTo(2);
  }

  @Test
  void numbers_in_a_payload_read_back_as_the_submit_returned_them() {
    Job job =
        store
            .submit(
                aJob().payload(Map.of("big", 5_000_000_000L, "small", 5L, "ratio", 0.5)).build())
            .job();

    assertThat(store.get(job.id())).contains(job);
    assertThat(job.payload().get("big").asLong()).isEqualTo(5_000_000_000L);
  }

  @Test
  void a_file_that_is_not_a_database_is_refused_as_damaged_naming_the_file() throws Exception {
    Path notADatabase = dir.resolve("garbage.db");
    Files.writeString(
        notADatabase,
        "this is not an SQLite database, just text that is long enough to look like one");

    assertThatThrownBy(() -> SqliteJobStore.open(notADatabase, clock))
        .isInstanceOfSatisfying(
            StorageFaultException.class,
            e -> assertThat(e.kind()).isEqualTo(StorageFaultException.Kind.CORRUPT))
        .hasMessageContaining("garbage.db");
  }

  @Test
  void an_open_store_is_ready_and_a_closed_one_is_not() {
    assertThat(store.isReady()).isTrue();
    store.close();
    assertThat(store.isReady()).isFalse();
    store = SqliteJobStore.open(dir.resolve("ujm.db"), clock); // for @AfterEach
  }

  private long count(String table) {
    return store
        .writer()
        .execute(
            tx -> {
              try (ResultSet row = tx.prepare("SELECT count(*) FROM " + table).executeQuery()) {
                row.next();
                return row.getLong(1);
              }
            });
  }

  private Map<String, Long> rowCounts() {
    return store
        .writer()
        .execute(
            tx -> {
              Map<String, Long> counts = new LinkedHashMap<>();
              for (String table : TABLES) {
                try (ResultSet row = tx.prepare("SELECT count(*) FROM " + table).executeQuery()) {
                  row.next();
                  counts.put(table, row.getLong(1));
                }
              }
              return counts;
            });
  }
}
