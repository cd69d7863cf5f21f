package dev.ujm.store.sqlite;

import static dev.ujm.test.JobFixtures.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobUpdate;
import dev.ujm.core.model.Lease;
import dev.ujm.core.model.StaleLeaseException;
import dev.ujm.core.store.CancelRequest;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.SubmitResult;
import dev.ujm.test.ManualClock;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single writer: concurrent writes commit together, a failing write fails alone, listeners
 * follow the commit.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class GroupCommitTest {
  @TempDir Path dir;
  private final ManualClock clock = ManualClock.startingAt2026();
  private SqliteJobStore store;
  private ExecutorService threads;
  private HeldWriter held;

  @BeforeEach
  void open() {
    store = SqliteJobStore.open(dir.resolve("ujm.db"), clock);
    threads = Executors.newFixedThreadPool(40);
  }

  @AfterEach
  void close() throws InterruptedException {
    if (held != null) {
      held.close(); // never leave the writer held, even when a test failed
    }
    threads.shutdownNow();
    threads.awaitTermination(10, TimeUnit.SECONDS);
    store.close();
  }

  @Test
  void writes_from_many_threads_all_commit_and_every_caller_gets_its_answer() {
    List<CompletableFuture<SubmitResult>> futures = new ArrayList<>();
    for (int i = 0; i < 800; i++) {
      String queue = "q" + (i % 8);
      futures.add(
          CompletableFuture.supplyAsync(() -> store.submit(aJob().queue(queue).build()), threads));
    }

    List<Job> jobs = futures.stream().map(CompletableFuture::join).map(SubmitResult::job).toList();

    assertThat(jobs).extracting(Job::id).doesNotHaveDuplicates().hasSize(800);
    assertThat(store.stats().totals().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(800);
    assertThat(store.getAll(jobs.stream().map(Job::id).toList())).hasSize(800);
  }

  @Test
  void writes_waiting_together_are_committed_in_one_transaction() throws Exception {
    held = HeldWriter.hold(store, threads);
    long commitsBefore = store.writer().commits();

    List<CompletableFuture<SubmitResult>> waiting = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      waiting.add(CompletableFuture.supplyAsync(() -> store.submit(aJob().build()), threads));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> store.writer().pendingWrites() == 20);
    held.release();
    waiting.forEach(CompletableFuture::join);

    // the blocker's own group, then one group for all twenty
    assertThat(store.writer().commits() - commitsBefore).isEqualTo(2);
  }

  @Test
  void a_failing_write_fails_alone_and_the_rest_of_its_group_commits() throws Exception {
    Job running = store.submit(aJob().build()).job();
    Job claimed =
        store.claim(ClaimRequest.of(running.queue(), "w1", 1, Duration.ofSeconds(30))).get(0);
    held = HeldWriter.hold(store, threads);

    var before =
        CompletableFuture.supplyAsync(
            () -> store.submit(aJob().idempotencyKey("a").build()), threads);
    await().until(() -> store.writer().pendingWrites() == 1);
    var stale =
        CompletableFuture.supplyAsync(
            () -> store.complete(new Lease(claimed.id(), "someone-else", 1), null), threads);
    await().until(() -> store.writer().pendingWrites() == 2);
    var after =
        CompletableFuture.supplyAsync(
            () -> store.submit(aJob().idempotencyKey("b").build()), threads);
    await().until(() -> store.writer().pendingWrites() == 3);
    held.release();

    assertThat(before.join().created()).isTrue();
    assertThat(after.join().created()).isTrue();
    assertThatThrownBy(stale::join).hasCauseInstanceOf(StaleLeaseException.class);
    assertThat(store.get(before.join().job().id())).isPresent();
    assertThat(store.get(after.join().job().id())).isPresent();
    assertThat(store.history(claimed.id()))
        .hasSize(2); // submitted, claimed: the stale completion left nothing
  }

  @Test
  void a_task_reading_audit_events_sees_the_earlier_tasks_and_its_failure_loses_none_of_them()
      throws Exception {
    held = HeldWriter.hold(store, threads);

    var submit =
        CompletableFuture.supplyAsync(
            () -> store.submit(aJob().idempotencyKey("a").build()), threads);
    await().until(() -> store.writer().pendingWrites() == 1);
    var failingReader =
        CompletableFuture.supplyAsync(
            () ->
                store
                    .writer()
                    .execute(
                        tx -> {
                          throw new IllegalStateException("saw " + eventsOfKeyA(tx));
                        }),
            threads);
    await().until(() -> store.writer().pendingWrites() == 2);
    var reader =
        CompletableFuture.supplyAsync(
            () -> store.writer().execute(GroupCommitTest::eventsOfKeyA), threads);
    await().until(() -> store.writer().pendingWrites() == 3);
    long commitsBefore = store.writer().commits();
    held.release();

    assertThatThrownBy(failingReader::join).hasMessageContaining("saw 1");
    assertThat(reader.join()).isEqualTo(1);
    assertThat(store.history(submit.join().job().id())).hasSize(1);
    assertThat(store.writer().commits() - commitsBefore).isLessThanOrEqualTo(2);
  }

  @Test
  void a_write_task_that_throws_midway_leaves_none_of_its_rows() {
    assertThatThrownBy(
            () ->
                store
                    .writer()
                    .execute(
                        tx -> {
                          tx.update(
                              "INSERT INTO job_tags (tag, job_id) VALUES ('half', 'written')");
                          throw new SQLException("boom");
                        }))
        .isInstanceOf(SqliteStoreException.class)
        .hasMessageContaining("boom");

    int rows = store.writer().execute(tx -> tx.update("DELETE FROM job_tags WHERE tag = 'half'"));
    assertThat(rows).isZero();
  }

  @Test
  void listeners_run_after_the_commit_and_before_the_writer_returns() {
    Set<String> visibleToReaders = ConcurrentHashMap.newKeySet();
    List<JobUpdate> updates = new ArrayList<>();
    store.addListener(
        update -> {
          updates.add(update);
          // a read connection sees only committed data
          store.get(update.job().id()).ifPresent(job -> visibleToReaders.add(job.id()));
        });

    Job job = store.submit(aJob().build()).job();

    assertThat(updates).hasSize(1);
    assertThat(updates.get(0).transition().reason()).isEqualTo("submitted");
    assertThat(visibleToReaders).containsExactly(job.id());
  }

  @Test
  void a_listener_that_tries_to_write_is_refused_instead_of_waiting_for_ever() {
    List<Throwable> refusals = new ArrayList<>();
    store.addListener(
        update -> {
          try {
            store.cancel(new CancelRequest(update.job().id(), "listener", null));
          } catch (IllegalStateException e) {
            refusals.add(e);
          }
        });

    store.submit(aJob().build());

    assertThat(refusals)
        .singleElement()
        .extracting(Throwable::getMessage)
        .asString()
        .contains("listener");
  }

  @Test
  void an_interrupted_caller_still_gets_the_committed_answer_and_keeps_its_interrupt() {
    Thread.currentThread().interrupt();
    try {
      SubmitResult result = store.submit(aJob().build());
      assertThat(result.created()).isTrue();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(store.stats().totals()).isNotEmpty();
  }

  @Test
  void closing_finishes_accepted_writes_and_refuses_later_ones() {
    Job job = store.submit(aJob().build()).job();
    store.close();

    assertThatThrownBy(() -> store.submit(aJob().build()))
        .isInstanceOf(IllegalStateException.class);
    assertThat(store.isReady()).isFalse();
    try (SqliteJobStore reopened = SqliteJobStore.open(dir.resolve("ujm.db"), clock)) {
      assertThat(reopened.get(job.id())).isPresent();
    }
    store = SqliteJobStore.open(dir.resolve("ujm.db"), clock); // for @AfterEach
  }

  /** The audit events a write task sees of the job with idempotency key "a". */
  private static int eventsOfKeyA(WriteTransaction tx) throws java.sql.SQLException {
    try (ResultSet rows =
        tx.prepare(
                "SELECT count(*) FROM job_events e JOIN jobs j ON j.id = e.job_id"
                    + " WHERE j.idempotency_key = 'a'")
            .executeQuery()) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
