package dev.ujm.store.tck;

import static dev.ujm.core.model.JobState.PROCESSING;
import static dev.ujm.core.model.JobState.QUEUED;
import static dev.ujm.core.model.JobState.SCHEDULED;
import static dev.ujm.core.model.Priority.HIGH;
import static dev.ujm.core.model.Priority.LOW;
import static dev.ujm.core.model.Priority.MEDIUM;
import static dev.ujm.test.JobFixtures.aJob;
import static dev.ujm.test.JobFixtures.aJobIn;
import static dev.ujm.test.UjmAssertions.assertThat;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Claiming: strict priority, FIFO within a priority, one queue at a time, the lease it sets, and
 * delayed jobs that become claimable only once {@code promoteDue} has moved them.
 */
public abstract class ClaimContract extends StoreContractBase {
  protected ClaimContract(JobStoreContract contract) {
    super(contract);
  }

  @Test
  void higher_priorities_are_claimed_first() {
    Job low = submit(aJob().priority(LOW));
    Job medium = submit(aJob().priority(MEDIUM));
    Job high = submit(aJob().priority(HIGH));

    assertThat(claim("noop", "w1", 3))
        .extracting(Job::id)
        .containsExactly(high.id(), medium.id(), low.id());
  }

  @Test
  void jobs_of_one_priority_are_claimed_in_submission_order() {
    List<String> submitted = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      submitted.add(submit(aJob().priority(i % 2 == 0 ? HIGH : MEDIUM)).id());
    }

    List<String> claimed = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      claimed.add(claimOne("noop", "w1").id());
    }

    assertThat(claimed)
        .containsExactly(
            submitted.get(0),
            submitted.get(2),
            submitted.get(4),
            submitted.get(1),
            submitted.get(3),
            submitted.get(5));
  }

  @Test
  void a_claim_puts_the_job_under_the_workers_lease() {
    Job job = submit();
    Instant now = clock.advance(Duration.ofSeconds(7));

    Job claimed = claimOne("noop", "w1");

    assertThat(claimed).isLeasedBy("w1", now.plus(LEASE)).hasAttempt(1);
    assertThat(claimed.id()).isEqualTo(job.id());
    assertThat(claimed.startedAt()).isEqualTo(now);
    assertThat(claimed.updatedAt()).isEqualTo(now);
    assertThat(claimed.lease()).isEqualTo(new Lease(job.id(), "w1", 1));
    assertThat(reload(job)).isEqualTo(claimed);
  }

  @Test
  void a_claim_takes_at_most_its_limit() {
    for (int i = 0; i < 5; i++) {
      submit();
    }

    assertThat(claim("noop", "w1", 3)).hasSize(3);
    assertThat(claim("noop", "w2", 3)).hasSize(2);
    assertThat(claim("noop", "w3", 3)).isEmpty();
  }

  @Test
  void a_claim_takes_only_jobs_of_its_queue() {
    Job mail = submit(aJobIn("mail"));
    submit(aJobIn("crawl"));

    assertThat(claim("mail", "w1", 10)).extracting(Job::id).containsExactly(mail.id());
    assertThat(claim("nothing-here", "w1", 10)).isEmpty();
  }

  @Test
  void a_claimed_job_is_not_claimed_again() {
    submit();
    claimOne("noop", "w1");

    assertThat(claim("noop", "w2", 10)).isEmpty();
  }

  @Test
  void waiting_jobs_are_not_claimed() {
    Job first = submit(aJobIn("a"));
    submit(aJobIn("b").dependsOn(List.of(first.id())));

    assertThat(claim("b", "w1", 10)).isEmpty();
  }

  @Test
  void a_delayed_job_is_claimed_only_after_its_run_time_is_reached_and_promoted() {
    Job job = submit(aJob().runAt(clock.instant().plus(Duration.ofMinutes(1))));

    assertThat(claim("noop", "w1", 10)).isEmpty();
    assertThat(store.promoteDue(100)).isZero();
    assertThat(reload(job)).hasState(SCHEDULED);

    clock.advance(Duration.ofMinutes(1));
    assertThat(store.promoteDue(100)).isEqualTo(1);

    assertThat(reload(job)).hasState(QUEUED);
    assertThat(claimOne("noop", "w1").id()).isEqualTo(job.id());
  }

  @Test
  void promotion_takes_the_earliest_run_times_first_and_stops_at_its_limit() {
    Instant start = clock.instant();
    Job late = submit(aJob().runAt(start.plusSeconds(30)));
    Job early = submit(aJob().runAt(start.plusSeconds(10)));
    Job middle = submit(aJob().runAt(start.plusSeconds(20)));
    Job future = submit(aJob().runAt(start.plusSeconds(300)));
    clock.advance(Duration.ofSeconds(60));

    assertThat(store.promoteDue(2)).isEqualTo(2);

    assertThat(reload(early)).hasState(QUEUED);
    assertThat(reload(middle)).hasState(QUEUED);
    assertThat(reload(late)).hasState(SCHEDULED);
    assertThat(store.promoteDue(10)).isEqualTo(1);
    assertThat(reload(future)).hasState(SCHEDULED);
  }

  @Test
  void started_at_keeps_the_first_start_of_a_job() {
    Job first = running("w1");
    Instant firstStart = first.startedAt();
    store.release(first.lease(), "shutting down");
    clock.advance(Duration.ofSeconds(5));

    Job second = claimOne("noop", "w2");

    assertThat(second).hasState(PROCESSING);
    assertThat(second.startedAt()).isEqualTo(firstStart);
  }
}
