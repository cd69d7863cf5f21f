package dev.ujm.store.sqlite;

import static dev.ujm.test.JobFixtures.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.StorageFaultException;
import dev.ujm.test.ManualClock;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A full disk, seen from the store: writes fail with a storage fault while it lasts, the store says
 * it is not ready, the log has one line when writes start failing and one when they work again, and
 * once there is room the same store takes writes again without being reopened. The disk is "filled"
 * by capping the file's size ({@code PRAGMA max_page_count} on the writer's connection), which
 * makes SQLite fail exactly as on a full disk ({@code SQLITE_FULL}); the HTTP test fills a real
 * small file system.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StorageFaultTest {
  private static final Map<String, String> BIG = Map.of("pad", "x".repeat(20_000));

  @TempDir Path dir;
  private final ManualClock clock = ManualClock.startingAt2026();
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger healthLog = (Logger) LoggerFactory.getLogger(WriteHealth.class);
  private SqliteJobStore store;

  @BeforeEach
  void open() {
    lines.start();
    healthLog.addAppender(lines);
    healthLog.setLevel(Level.INFO);
    store = SqliteJobStore.open(dir.resolve("ujm.db"), clock);
  }

  @AfterEach
  void close() {
    healthLog.detachAppender(lines);
    store.close();
  }

  @Test
  void after_a_full_disk_the_same_store_takes_writes_again_once_there_is_room() {
    List<Job> accepted = fillTheDisk();

    StorageFaultException full =
        catchThrowableOfType(
            StorageFaultException.class, () -> store.submit(aJob().payload(BIG).build()));
    assertThat(full.kind()).isEqualTo(StorageFaultException.Kind.FULL);
    assertThat(store.health().ready()).isFalse();
    assertThat(store.health().detail()).contains("full");

    capPages(1_000_000); // space freed

    await().atMost(Duration.ofSeconds(30)).until(() -> store.health().ready());
    Job after = store.submit(aJob().payload(BIG).build()).job();
    List<Job> claimed =
        store.claim(ClaimRequest.of(after.queue(), "w1", 1_000, Duration.ofSeconds(30)));
    for (Job job : claimed) {
      store.complete(job.lease(), null);
    }
    assertThat(claimed).hasSize(accepted.size() + 1);
    for (Job job : accepted) {
      assertThat(store.get(job.id()).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
    }
  }

  @Test
  void a_failing_spell_is_one_warning_and_one_recovery_line_with_the_count() {
    fillTheDisk();
    int failed = 0;
    for (int i = 0; i < 20; i++) {
      try {
        store.submit(aJob().payload(BIG).build());
      } catch (StorageFaultException e) {
        failed++;
      }
    }
    assertThat(failed).isEqualTo(20);

    capPages(1_000_000);
    await().atMost(Duration.ofSeconds(30)).until(() -> store.health().ready());

    assertThat(lines.list).hasSize(2);
    assertThat(lines.list.get(0).getLevel()).isEqualTo(Level.WARN);
    assertThat(lines.list.get(0).getFormattedMessage()).contains("failing").contains("full");
    assertThat(lines.list.get(0).getThrowableProxy()).isNull();
    assertThat(lines.list.get(1).getLevel()).isEqualTo(Level.INFO);
    assertThat(lines.list.get(1).getFormattedMessage())
        .contains("work again")
        .containsPattern("after 2\\d failed write");
  }

  @Test
  void a_read_keeps_working_while_the_disk_is_full() {
    List<Job> accepted = fillTheDisk();

    assertThat(store.get(accepted.get(0).id())).isPresent();
    assertThat(store.history(accepted.get(0).id())).hasSize(1);
  }

  /** Submits big jobs under a cap of the file's size until one fails; returns the accepted ones. */
  private List<Job> fillTheDisk() {
    capPages(pageCount() + 40);
    List<Job> accepted = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      try {
        accepted.add(store.submit(aJob().payload(BIG).build()).job());
      } catch (StorageFaultException e) {
        assertThat(accepted).as("jobs accepted before the disk was full").isNotEmpty();
        return accepted;
      }
    }
    throw new AssertionError("the capped file never filled up");
  }

  private long pageCount() {
    return store
        .writer()
        .execute(
            tx -> {
              try (ResultSet row = tx.prepare("PRAGMA page_count").executeQuery()) {
                row.next();
                return row.getLong(1);
              }
            });
  }

  /** Caps the file at this many pages, as a disk with that much room would. */
  private void capPages(long pages) {
    store
        .writer()
        .execute(
            tx -> {
              try (ResultSet row = tx.prepare("PRAGMA max_page_count = " + pages).executeQuery()) {
                return row.next();
              }
            });
  }
}
