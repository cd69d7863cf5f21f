package dev.ujm.store.tck;

import static dev.ujm.core.model.JobState.CANCELLED;
import static dev.ujm.core.model.JobState.COMPLETED;
import static dev.ujm.test.JobFixtures.aJob;
import static dev.ujm.test.JobFixtures.aJobIn;
import static dev.ujm.test.JobFixtures.json;
import static dev.ujm.test.UjmAssertions.assertThat;
import static dev.ujm.test.UjmAssertions.assertThatThrownBy;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobNotFoundException;
import dev.ujm.core.model.PurgedJob;
import dev.ujm.core.store.CancelRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The audit trail outlives its job: a purge keeps each purged job's events, event for event, with
 * whom the job belonged to, until {@code purgeHistory} removes them by their own retention.
 */
public abstract class PurgedHistoryContract extends StoreContractBase {
  protected PurgedHistoryContract(JobStoreContract contract) {
    super(contract);
  }

  private Job completedIn(String queue, String tenant, String owner) {
    submit(aJobIn(queue).tenant(tenant).owner(owner).actor("key-1"));
    Job job = claimOne(queue, "w1");
    return store.complete(job.lease(), json("done", true));
  }

  @Test
  void a_purged_jobs_history_is_the_trail_it_had_before_the_purge() {
    Job job = completedIn("q", "acme", "alice");
    List<JobEvent> before = store.history(job.id());
    clock.advance(Duration.ofDays(1));

    store.purge(clock.instant(), 10);

    assertThat(store.get(job.id())).isEmpty();
    assertThat(store.history(job.id())).isEqualTo(before).hasSize(3);
  }

  @Test
  void what_is_kept_of_a_purged_job_says_whose_it_was_and_how_it_ended() {
    Job job = completedIn("q", "acme", "alice");
    Instant purgedAt = clock.advance(Duration.ofDays(1));

    store.purge(purgedAt, 10);

    assertThat(store.purged(job.id()))
        .contains(
            new PurgedJob(
                job.id(),
                job.type(),
                "acme",
                "alice",
                COMPLETED,
                job.createdAt(),
                job.finishedAt(),
                purgedAt));
  }

  @Test
  void a_job_still_in_the_store_or_never_seen_has_no_purged_record() {
    Job live = completedIn("q", "acme", "alice");

    assertThat(store.purged(live.id())).isEmpty();
    assertThat(store.purged("no-such-job")).isEmpty();
    assertThatThrownBy(() -> store.history("no-such-job")).isInstanceOf(JobNotFoundException.class);
  }

  @Test
  void purging_history_removes_the_trails_of_jobs_that_finished_before_the_cut_off() {
    Job early = completedIn("q", "acme", "alice");
    Instant cutOff = clock.advance(Duration.ofDays(1));
    Job late = submit(aJob());
    store.cancel(new CancelRequest(late.id(), "alice", null));
    clock.advance(Duration.ofDays(1));
    store.purge(clock.instant(), 10);

    assertThat(store.purgeHistory(cutOff, 10)).isEqualTo(1);

    assertThatThrownBy(() -> store.history(early.id())).isInstanceOf(JobNotFoundException.class);
    assertThat(store.purged(early.id())).isEmpty();
    assertThat(store.history(late.id())).last().extracting(JobEvent::to).isEqualTo(CANCELLED);
    assertThat(store.purged(late.id())).isPresent();
  }

  @Test
  void purging_history_stops_at_its_limit() {
    for (int i = 0; i < 5; i++) {
      completedIn("q", "acme", "alice");
    }
    clock.advance(Duration.ofDays(1));
    store.purge(clock.instant(), 10);

    assertThat(store.purgeHistory(clock.instant(), 3)).isEqualTo(3);
    assertThat(store.purgeHistory(clock.instant(), 3)).isEqualTo(2);
    assertThat(store.purgeHistory(clock.instant(), 3)).isZero();
  }

  @Test
  void purging_history_never_touches_the_trails_of_jobs_still_in_the_store() {
    Job finished = completedIn("q", "acme", "alice");
    List<JobEvent> trail = store.history(finished.id());
    clock.advance(Duration.ofDays(3650));

    assertThat(store.purgeHistory(clock.instant(), 100)).isZero();

    assertThat(store.history(finished.id())).isEqualTo(trail);
  }
}
