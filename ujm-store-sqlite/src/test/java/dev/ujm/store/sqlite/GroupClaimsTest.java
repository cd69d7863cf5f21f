package dev.ujm.store.sqlite;

import static dev.ujm.test.JobFixtures.aJobIn;
import static dev.ujm.test.UjmAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.Lease;
import dev.ujm.core.model.StaleLeaseException;
import dev.ujm.core.model.Transition;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.CompletedAndClaimed;
import dev.ujm.core.store.SubmitResult;
import dev.ujm.test.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Completions that wait for the writer together claim their slots' next jobs in one claim per pool
 * ({@link GroupClaims}), in the transaction of the completions: the writer is held busy so that the
 * completions queue up into one group.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class GroupClaimsTest {
  private static final Duration LEASE = Duration.ofMinutes(5);

  @TempDir Path dir;
  private final ManualClock clock = ManualClock.startingAt2026();
  private SqliteJobStore store;
  private ExecutorService threads;
  private HeldWriter held;

  @BeforeEach
  void open() {
    store = SqliteJobStore.open(dir.resolve("ujm.db"), clock);
    threads = Executors.newFixedThreadPool(24);
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
  void completions_in_one_group_share_one_claim_and_each_gets_a_job_of_its_own() throws Exception {
    List<Job> queued = submit("q", 30);
    List<Job> running = store.claim(ClaimRequest.of("q", "w1", 10, LEASE));

    List<CompletedAndClaimed> done = completeTogether(running);

    assertThat(done).allSatisfy(d -> assertThat(d.completed()).hasState(JobState.COMPLETED));
    List<Job> claimed = done.stream().flatMap(d -> d.claimed().stream()).toList();
    assertThat(done).allSatisfy(d -> assertThat(d.claimed()).hasSize(1));
    // The oldest ten still queued, each once, under the worker's lease.
    assertThat(claimed)
        .extracting(Job::id)
        .containsExactlyInAnyOrderElementsOf(ids(queued.subList(10, 20)));
    assertThat(claimed)
        .allSatisfy(
            job -> {
              assertThat(job).hasState(JobState.PROCESSING).hasAttempt(1);
              assertThat(job.workerId()).isEqualTo("w1");
              assertThat(store.get(job.id())).contains(job);
              assertThat(store.history(job.id()))
                  .extracting(event -> event.transition())
                  .containsExactly(Transition.SUBMIT, Transition.CLAIM);
            });
    assertThat(store.stats().totals())
        .containsEntry(JobState.QUEUED, 10L)
        .containsEntry(JobState.PROCESSING, 10L)
        .containsEntry(JobState.COMPLETED, 10L);
  }

  @Test
  void with_fewer_queued_jobs_than_freed_slots_the_completions_that_joined_first_get_them()
      throws Exception {
    submit("q", 13);
    List<Job> running = store.claim(ClaimRequest.of("q", "w1", 10, LEASE));

    List<CompletedAndClaimed> done = completeTogether(running);

    assertThat(done).allSatisfy(d -> assertThat(d.completed()).hasState(JobState.COMPLETED));
    assertThat(done.stream().mapToInt(d -> d.claimed().size()).sum()).isEqualTo(3);
    assertThat(done.stream().filter(d -> !d.claimed().isEmpty()).count()).isEqualTo(3);
    assertThat(store.stats().totals()).doesNotContainKey(JobState.QUEUED);
  }

  @Test
  void a_refused_completion_in_the_group_claims_nothing_and_the_others_still_get_their_jobs()
      throws Exception {
    List<Job> queued = submit("q", 20);
    List<Job> claimedFirst = store.claim(ClaimRequest.of("q", "w1", 5, LEASE));
    List<Job> running = claimedFirst.subList(0, 4);
    Lease stale = new Lease(claimedFirst.get(4).id(), "w1", 7); // not the attempt under lease
    held = HeldWriter.hold(store, threads);
    List<CompletableFuture<CompletedAndClaimed>> futures = new ArrayList<>();
    for (Job job : running) {
      futures.add(completeAndClaim(job));
    }
    CompletableFuture<CompletedAndClaimed> refused = completeAndClaim(stale, "q");
    await().until(() -> store.writer().pendingWrites() == running.size() + 1);
    held.release();

    List<Job> claimed = futures.stream().flatMap(f -> f.join().claimed().stream()).toList();
    assertThatThrownBy(refused::join).hasCauseInstanceOf(StaleLeaseException.class);
    assertThat(claimed)
        .extracting(Job::id)
        .containsExactlyInAnyOrderElementsOf(ids(queued.subList(5, 9)));
    assertThat(store.get(stale.jobId()))
        .hasValueSatisfying(job -> assertThat(job).hasState(JobState.PROCESSING));
    assertThat(store.stats().totals()).containsEntry(JobState.QUEUED, 11L);
  }

  @Test
  void completions_of_two_pools_in_one_group_claim_for_their_own_queue_and_worker()
      throws Exception {
    List<Job> mail = submit("mail", 6);
    List<Job> crawl = submit("crawl", 6);
    List<Job> running = new ArrayList<>(store.claim(ClaimRequest.of("mail", "a", 3, LEASE)));
    running.addAll(store.claim(ClaimRequest.of("crawl", "b", 3, LEASE)));
    held = HeldWriter.hold(store, threads);
    List<CompletableFuture<CompletedAndClaimed>> futures = new ArrayList<>();
    for (Job job : running) {
      futures.add(completeAndClaim(job));
    }
    await().until(() -> store.writer().pendingWrites() == running.size());
    long claimsBefore = store.writer().completionClaims();
    held.release();

    for (int i = 0; i < running.size(); i++) {
      Job done = running.get(i);
      assertThat(futures.get(i).join().claimed())
          .singleElement()
          .satisfies(
              next -> {
                assertThat(next.queue()).isEqualTo(done.queue());
                assertThat(next.workerId()).isEqualTo(done.workerId());
              });
    }
    assertThat(futures.stream().flatMap(f -> f.join().claimed().stream()).map(Job::id))
        .containsExactlyInAnyOrderElementsOf(
            ids(
                List.of(
                    mail.get(3),
                    mail.get(4),
                    mail.get(5),
                    crawl.get(3),
                    crawl.get(4),
                    crawl.get(5))));
  }

  /** Completes each running job and claims one next job for its slot, all in one group. */
  private List<CompletedAndClaimed> completeTogether(List<Job> running) throws Exception {
    held = HeldWriter.hold(store, threads);
    long commitsBefore = store.writer().commits();
    long claimsBefore = store.writer().completionClaims();
    List<CompletableFuture<CompletedAndClaimed>> futures = new ArrayList<>();
    for (Job job : running) {
      futures.add(completeAndClaim(job));
    }
    await().until(() -> store.writer().pendingWrites() == running.size());
    held.release();
    List<CompletedAndClaimed> done = futures.stream().map(CompletableFuture::join).toList();
    // the held task's group, then one group for every completion and its claim
    assertThat(store.writer().commits() - commitsBefore).isEqualTo(2);
    assertThat(store.writer().completionClaims() - claimsBefore).isEqualTo(1);
    return done;
  }

  /** Completes the running job and claims one next job of its queue for its worker's slot. */
  private CompletableFuture<CompletedAndClaimed> completeAndClaim(Job running) {
    return completeAndClaim(running.lease(), running.queue());
  }

  private CompletableFuture<CompletedAndClaimed> completeAndClaim(Lease lease, String queue) {
    return CompletableFuture.supplyAsync(
        () ->
            store.completeAndClaim(lease, null, ClaimRequest.of(queue, lease.workerId(), 1, LEASE)),
        threads);
  }

  private List<Job> submit(String queue, int count) {
    return store
        .submitAll(IntStream.range(0, count).mapToObj(i -> aJobIn(queue).build()).toList())
        .stream()
        .map(SubmitResult::job)
        .toList();
  }

  private static List<String> ids(List<Job> jobs) {
    return jobs.stream().map(Job::id).toList();
  }
}
