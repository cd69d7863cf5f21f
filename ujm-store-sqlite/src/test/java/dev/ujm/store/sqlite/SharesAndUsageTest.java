package dev.ujm.store.sqlite;

import static dev.ujm.test.JobFixtures.aJobIn;
import static dev.ujm.test.JobFixtures.anError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.Lease;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.StaleLeaseException;
import dev.ujm.core.store.CancelRequest;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.FailRequest;
import dev.ujm.core.tenant.Tenant;
import dev.ujm.core.tenant.TenantDefaults;
import dev.ujm.test.ManualClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fair shares ({@code fair_shares}) and the metered usage ({@code tenant_usage}) that the
 * writer keeps per group commit hold exactly what a change per job leaves: the triggers the store
 * used to keep them with (schema step 8) keep a copy of each table beside it, and after every kind
 * of write, alone and mixed in one group commit (submits, claims reading the shares, cancels, a
 * task that fails after reading them), both copies agree, and the queued counts equal a count of
 * the jobs. A file that still has the triggers loses them and keeps its figures.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SharesAndUsageTest {
  private static final Duration LEASE = Duration.ofMinutes(1);

  @TempDir Path dir;
  private final ManualClock clock = ManualClock.startingAt2026();
  private final ExecutorService threads = Executors.newFixedThreadPool(8);

  @AfterEach
  void stop() throws InterruptedException {
    threads.shutdownNow();
    threads.awaitTermination(10, TimeUnit.SECONDS);
  }

  @Test
  void shares_and_usage_equal_what_a_change_per_job_leaves_after_every_kind_of_write()
      throws Exception {
    Path file = dir.resolve("ujm.db");
    SqliteJobStore.open(file, clock).close();
    keepCopiesByTriggers(file);
    try (SqliteJobStore store = SqliteJobStore.open(file, clock)) {
      store.tenants().put(new Tenant("t1", null, 3.0, null));
      store.submitAll(jobs("mail", "t1", 4));
      store.submitAll(jobs("mail", "t2", 3));
      store.submitAll(jobs("mail", null, 2));
      store.submit(aJobIn("crawl").tenant("t2").runAt(clock.instant().plusSeconds(30)).build());
      assertAgree(file);

      List<Job> mail = store.claim(ClaimRequest.of("mail", "w1", 5, LEASE));
      clock.advance(Duration.ofMillis(1_250));
      store.complete(mail.get(0).lease(), JsonNodeFactory.instance.objectNode().put("ok", "é"));
      store.fail(new FailRequest(mail.get(1).lease(), anError("boom", 1, clock.instant()), null));
      store.fail(
          new FailRequest(
              mail.get(2).lease(), anError("flaky", 1, clock.instant()), clock.instant()));
      store.release(mail.get(3).lease(), "shutting down");
      store.cancelOwn(mail.get(4).lease(), "not needed");
      assertAgree(file);

      List<Job> more = store.claim(ClaimRequest.of("mail", "w2", 3, LEASE));
      store.appendResults(
          more.get(0).lease(), List.of(JsonNodeFactory.instance.textNode("an item")));
      resultItemAdded(file, more.get(0), "\"an item\"".length());
      store.cancel(new CancelRequest(more.get(1).id(), "admin", "stop it"));
      store.retry(mail.get(1).id(), "admin");
      Job parent = store.submit(aJobIn("flow").tenant("t1").build()).job();
      store.submit(aJobIn("flow").tenant("t1").dependsOn(List.of(parent.id())).build());
      Job claimedParent = store.claim(ClaimRequest.of("flow", "w1", 1, LEASE)).get(0);
      store.complete(claimedParent.lease(), null); // releases its dependent into the queue
      assertAgree(file);

      clock.advance(Duration.ofMinutes(2)); // the leases of w2 run out, the crawl job is due
      store.promoteDue(100);
      store.requeueExpired(100);
      store.claim(ClaimRequest.of("mail", "w3", 2, LEASE));
      store.requeueHeldBy("w3", "node restarted");
      clock.advance(Duration.ofDays(1)); // a new day of usage
      store.claim(ClaimRequest.of("crawl", "w4", 1, LEASE));
      store.submitAll(jobs("crawl", "t3", 2));
      store.purge(clock.instant(), 100);
      assertAgree(file);
    }
  }

  @Test
  void a_claim_in_the_group_of_submits_sees_them_and_a_failed_task_loses_none_of_them()
      throws Exception {
    Path file = dir.resolve("ujm.db");
    SqliteJobStore.open(file, clock).close();
    keepCopiesByTriggers(file);
    try (SqliteJobStore store = SqliteJobStore.open(file, clock)) {
      store.submitAll(jobs("mail", "t1", 3));
      Job queued = store.submit(aJobIn("mail").tenant("t2").build()).job();
      HeldWriter held = HeldWriter.hold(store, threads);

      List<CompletableFuture<?>> group = new ArrayList<>();
      group.add(
          inGroup(store, group, () -> store.cancel(new CancelRequest(queued.id(), "a", "x"))));
      group.add(inGroup(store, group, () -> store.submitAll(jobs("mail", "t2", 2))));
      group.add(inGroup(store, group, () -> store.submitAll(jobs("mail", "t3", 2))));
      var readsThenFails =
          inGroup(
              store,
              group,
              () ->
                  store
                      .writer()
                      .execute(
                          tx -> {
                            FairShares.claim(
                                tx, ClaimRequest.of("mail", "w0", 4, LEASE), TenantDefaults.NONE);
                            throw new IllegalStateException("fails after reading the shares");
                          }));
      group.add(readsThenFails);
      var claim = inGroup(store, group, () -> store.claim(ClaimRequest.of("mail", "w1", 4, LEASE)));
      group.add(claim);
      group.add(inGroup(store, group, () -> store.submitAll(jobs("mail", "t1", 1))));
      held.release();

      assertThatThrownBy(readsThenFails::join).hasCauseInstanceOf(IllegalStateException.class);
      assertThat(claim.join())
          .extracting(Job::tenantId)
          .as("the claim saw the submits before it in its own group")
          .containsExactlyInAnyOrder("t1", "t2", "t3", "t1");
      assertAgree(file);
      assertThatThrownBy(() -> store.complete(new Lease(queued.id(), "w9", 1), null))
          .isInstanceOf(StaleLeaseException.class);
      assertAgree(file);
    }
  }

  @Test
  void a_file_kept_by_triggers_loses_them_and_keeps_its_figures() throws Exception {
    Path file = dir.resolve("ujm.db");
    try (SqliteJobStore store = SqliteJobStore.open(file, clock)) {
      store.submitAll(jobs("mail", "t1", 3));
      Job claimed = store.claim(ClaimRequest.of("mail", "w1", 1, LEASE)).get(0);
      store.complete(claimed.lease(), null);
    }
    // Back to a file of schema step 12, whose triggers kept the shares and the usage.
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement sql = db.createStatement()) {
      for (String trigger : stepEightTriggers("fair_shares", "tenant_usage")) {
        sql.execute(trigger);
      }
      sql.execute("DELETE FROM schema_version WHERE version >= 13");
    }
    String sharesBefore = rows(file, "SELECT * FROM fair_shares ORDER BY 1, 2");
    String usageBefore = rows(file, "SELECT * FROM tenant_usage ORDER BY 1, 2, 3");

    try (SqliteJobStore reopened = SqliteJobStore.open(file, clock)) {
      assertThat(rows(file, "SELECT * FROM fair_shares ORDER BY 1, 2")).isEqualTo(sharesBefore);
      assertThat(rows(file, "SELECT * FROM tenant_usage ORDER BY 1, 2, 3")).isEqualTo(usageBefore);
      assertThat(rows(file, "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY 1"))
          .isEqualTo("job_counts_delete\njobs_queued_delete\n");
      reopened.submitAll(jobs("mail", "t1", 2));
      reopened.claim(ClaimRequest.of("mail", "w1", 1, LEASE));
      assertThat(rows(file, "SELECT queued FROM fair_shares WHERE tenant = 't1'")).isEqualTo("3\n");
      assertThat(rows(file, "SELECT submitted, attempts, completed FROM tenant_usage"))
          .isEqualTo("5|1|1\n");
    }
  }

  /** Submits a write while the writer is held and waits until it is queued behind the others. */
  private <T> CompletableFuture<T> inGroup(
      SqliteJobStore store, List<CompletableFuture<?>> before, Supplier<T> write) {
    CompletableFuture<T> future = CompletableFuture.supplyAsync(write, threads);
    await().until(() -> store.writer().pendingWrites() == before.size() + 1);
    return future;
  }

  private static List<NewJob> jobs(String queue, String tenant, int n) {
    return IntStream.range(0, n).mapToObj(i -> aJobIn(queue).tenant(tenant).build()).toList();
  }

  /**
   * Copies of both tables kept by the triggers of schema step 8, and the claim's charges copied to
   * the shares' copy (the one change to a pass that is not a trigger's, recognised as the one that
   * counts queued jobs down while it moves a pass).
   */
  private static void keepCopiesByTriggers(Path file) throws SQLException {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement sql = db.createStatement()) {
      sql.execute(
          "CREATE TABLE copy_shares (queue TEXT NOT NULL, tenant TEXT NOT NULL, pass REAL NOT NULL,"
              + " queued INTEGER NOT NULL, PRIMARY KEY (queue, tenant)) WITHOUT ROWID");
      sql.execute("CREATE TABLE copy_usage AS SELECT * FROM tenant_usage WHERE 0");
      sql.execute("CREATE UNIQUE INDEX copy_usage_key ON copy_usage (tenant, day, type)");
      for (String trigger : stepEightTriggers("copy_shares", "copy_usage")) {
        sql.execute(trigger.replace("TRIGGER jobs_", "TRIGGER copy_"));
      }
      // A charge counts the claimed jobs out, which the copy's triggers did already.
      sql.execute(
          "CREATE TRIGGER copy_charge AFTER UPDATE OF pass ON fair_shares"
              + " WHEN new.queued < old.queued BEGIN UPDATE copy_shares"
              + " SET pass = CASE WHEN pass = old.pass THEN new.pass ELSE -1 END"
              + " WHERE queue = new.queue AND tenant = new.tenant; END");
    }
  }

  /** What appending result items adds by itself (no trigger): its bytes, on the day's row. */
  private void resultItemAdded(Path file, Job job, int bytes) throws SQLException {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
        var add =
            db.prepareStatement(
                "UPDATE copy_usage SET result_bytes = result_bytes + ?"
                    + " WHERE tenant = ? AND day = ? AND type = ?")) {
      add.setInt(1, bytes);
      add.setString(2, UsageRows.tenantKey(job.tenantId()));
      add.setString(3, clock.instant().toString().substring(0, 10));
      add.setString(4, job.type());
      assertThat(add.executeUpdate()).isOne();
    }
  }

  /** The triggers of schema step 8, keeping the named tables. */
  private static List<String> stepEightTriggers(String shares, String usage) {
    String enter = FairShares.ENTER_QUEUE.replace("fair_shares", shares);
    String leave = FairShares.LEAVE_QUEUE.replace("fair_shares", shares);
    List<String> triggers = new ArrayList<>();
    triggers.add(
        "CREATE TRIGGER jobs_queued_insert AFTER INSERT ON jobs WHEN new.state = 'queued'" + enter);
    triggers.add(
        "CREATE TRIGGER jobs_queued_enter AFTER UPDATE OF state ON jobs"
            + " WHEN new.state = 'queued' AND old.state <> 'queued'"
            + enter);
    triggers.add(
        "CREATE TRIGGER jobs_queued_leave AFTER UPDATE OF state ON jobs"
            + " WHEN old.state = 'queued' AND new.state <> 'queued'"
            + leave);
    if (!shares.equals("fair_shares")) { // the store's own still counts deletes down
      triggers.add(
          "CREATE TRIGGER jobs_queued_delete AFTER DELETE ON jobs WHEN old.state = 'queued'"
              + leave);
    }
    triggers.add(
        "CREATE TRIGGER jobs_usage_submit AFTER INSERT ON jobs"
            + UsageRows.COUNT_SUBMIT.replace("tenant_usage", usage));
    triggers.add(
        "CREATE TRIGGER jobs_usage_attempt_end AFTER UPDATE OF state ON jobs"
            + " WHEN old.state = 'processing' AND new.state <> 'processing'"
            + UsageRows.COUNT_ATTEMPT_END.replace("tenant_usage", usage));
    return triggers;
  }

  private static void assertAgree(Path file) throws SQLException {
    assertThat(rows(file, "SELECT * FROM fair_shares ORDER BY 1, 2"))
        .isEqualTo(rows(file, "SELECT * FROM copy_shares ORDER BY 1, 2"))
        .isNotEmpty();
    assertThat(rows(file, "SELECT * FROM tenant_usage ORDER BY 1, 2, 3"))
        .isEqualTo(rows(file, "SELECT * FROM copy_usage ORDER BY 1, 2, 3"))
        .isNotEmpty();
    assertThat(
            rows(
                file,
                "SELECT queue, tenant, queued FROM fair_shares WHERE queued > 0 ORDER BY 1, 2"))
        .isEqualTo(
            rows(
                file,
                "SELECT queue, ifnull(tenant_id, ''), count(*) FROM jobs WHERE state = 'queued'"
                    + " GROUP BY 1, 2 ORDER BY 1, 2"));
  }

  /** The rows a query selects, one line each, columns separated by '|'. */
  private static String rows(Path file, String query) throws SQLException {
    StringBuilder text = new StringBuilder();
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement sql = db.createStatement();
        ResultSet rows = sql.executeQuery(query)) {
      int columns = rows.getMetaData().getColumnCount();
      while (rows.next()) {
        for (int i = 1; i <= columns; i++) {
          text.append(i > 1 ? "|" : "").append(rows.getString(i));
        }
        text.append('\n');
      }
    }
    return text.toString();
  }
}
