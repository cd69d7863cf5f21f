package dev.ujm.store.sqlite;

import static dev.ujm.test.JobFixtures.aJob;
import static dev.ujm.test.JobFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.Lease;
import dev.ujm.core.model.Progress;
import dev.ujm.core.model.StaleLeaseException;
import dev.ujm.core.store.CancelRequest;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.test.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Completing a job builds the finished job from the writer's memory of the jobs under lease instead
 * of reading the row back: whatever happened to the job during its attempt, the job {@code
 * complete} returns is the job as stored.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CompletionFromMemoryTest {
  private static final Duration LEASE = Duration.ofSeconds(30);

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
  void a_completed_job_is_returned_as_stored_with_its_result_and_times_in_whole_milliseconds() {
    Job submitted = store.submit(aJob().payload(Map.of("n", 5_000_000_000L)).build()).job();
    Job claimed = claimOne(submitted.queue(), "w1");
    clock.advance(Duration.ofNanos(1_234_567)); // not a whole millisecond

    Job completed = store.complete(claimed.lease(), json("ratio", 0.5).put("big", 5_000_000_000L));

    assertThat(completed.state()).isEqualTo(JobState.COMPLETED);
    assertThat(completed.result().get("big").asLong()).isEqualTo(5_000_000_000L);
    assertThat(store.get(submitted.id())).contains(completed);
  }

  @Test
  void progress_and_a_checkpoint_written_during_the_attempt_are_in_the_completed_job() {
    Job claimed = claimOne(store.submit(aJob().build()).job().queue(), "w1");
    clock.advance(Duration.ofSeconds(1));
    store.progress(claimed.lease(), Progress.of(3, 10, "working"));
    clock.advance(Duration.ofSeconds(1));
    store.checkpoint(claimed.lease(), json("page", 3));

    Job completed = store.complete(claimed.lease(), null);

    assertThat(completed.progress().message()).isEqualTo("working");
    assertThat(completed.checkpoint()).isEqualTo(json("page", 3));
    assertThat(store.get(claimed.id())).contains(completed);
  }

  @Test
  void a_lease_lost_and_claimed_again_by_the_same_worker_completes_only_under_the_new_attempt() {
    Job first = claimOne(store.submit(aJob().build()).job().queue(), "w1");
    clock.advance(LEASE.plusSeconds(1));
    store.requeueExpired(10);
    Job second = claimOne(first.queue(), "w1");

    assertThatThrownBy(() -> store.complete(first.lease(), null))
        .isInstanceOf(StaleLeaseException.class);
    Job completed = store.complete(second.lease(), null);

    assertThat(completed.attempt()).isEqualTo(2);
    assertThat(store.get(first.id())).contains(completed);
  }

  @Test
  void a_job_released_and_claimed_again_completes_as_stored() {
    Job first = claimOne(store.submit(aJob().build()).job().queue(), "w1");
    store.release(first.lease(), "shutting down");
    clock.advance(Duration.ofSeconds(1));
    Job again = claimOne(first.queue(), "w1");

    Job completed = store.complete(again.lease(), json("ok", true));

    assertThat(again.lease())
        .isEqualTo(first.lease()); // same worker, same attempt: the release did not count it
    assertThat(store.get(first.id())).contains(completed);
  }

  @Test
  void a_cancelled_job_is_not_completed_from_memory() {
    Job claimed = claimOne(store.submit(aJob().build()).job().queue(), "w1");
    store.cancel(new CancelRequest(claimed.id(), "admin", "no longer needed"));

    assertThatThrownBy(() -> store.complete(claimed.lease(), null))
        .isInstanceOf(StaleLeaseException.class);
    assertThat(store.get(claimed.id()).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
  }

  @Test
  void the_memory_holds_only_the_job_under_the_same_lease() {
    LeasedJobs leased = new LeasedJobs();
    Job claimed = claimOne(store.submit(aJob().build()).job().queue(), "w1");
    leased.remember(claimed);

    assertThat(leased.take(new Lease(claimed.id(), "w2", claimed.attempt()))).isNull();
    leased.remember(claimed);
    assertThat(leased.take(new Lease(claimed.id(), "w1", claimed.attempt() + 1))).isNull();
    leased.remember(claimed);
    assertThat(leased.take(claimed.lease())).isEqualTo(claimed);
    assertThat(leased.take(claimed.lease())).isNull();
  }

  @Test
  void the_memory_keeps_at_most_its_capacity_dropping_the_oldest() {
    LeasedJobs leased = new LeasedJobs();
    Job claimed = claimOne(store.submit(aJob().build()).job().queue(), "w1");
    leased.remember(claimed);
    for (int i = 0; i < LeasedJobs.CAPACITY; i++) {
      leased.remember(claimed.toBuilder().id("other-" + i).build());
    }

    assertThat(leased.size()).isEqualTo(LeasedJobs.CAPACITY);
    assertThat(leased.take(claimed.lease())).isNull();
  }

  private Job claimOne(String queue, String workerId) {
    return store.claim(ClaimRequest.of(queue, workerId, 1, LEASE)).get(0);
  }
}
