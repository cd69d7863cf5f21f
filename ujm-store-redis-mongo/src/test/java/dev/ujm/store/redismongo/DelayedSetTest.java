package dev.ujm.store.redismongo;

import static dev.ujm.test.JobFixtures.aJob;
import static dev.ujm.test.JobFixtures.anError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.store.CancelRequest;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.FailRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The promoter takes due jobs from the delayed set in Redis; the reconciler rebuilds the set from
 * MongoDB, and with Redis down the promoter reads MongoDB.
 */
class DelayedSetTest extends StoreOnTestServers {

  @Test
  void a_scheduled_job_is_promoted_from_the_delayed_set_once_due() {
    Job job = store.submit(aJob().runAt(clock.instant().plusSeconds(10)).build()).job();
    assertThat(store.promoteDue(10)).isZero();

    clock.advance(Duration.ofSeconds(11));

    assertThat(store.promoteDue(10)).isEqualTo(1);
    assertThat(store.promoteDue(10)).isZero();
    assertThat(store.claim(ClaimRequest.of("noop", "w1", 5, LEASE)))
        .extracting(Job::id)
        .containsExactly(job.id());
  }

  @Test
  void what_redis_lost_of_the_delayed_set_the_reconciler_puts_back() {
    store.submit(aJob().runAt(clock.instant().plusSeconds(10)).build());
    clock.advance(Duration.ofSeconds(11));

    REDIS.flushAll();
    assertThat(store.promoteDue(10)).isZero(); // the promoter asks Redis, which forgot
    assertThat(store.reconciler().runOnce()).isEqualTo(1);

    assertThat(store.promoteDue(10)).isEqualTo(1);
  }

  @Test
  void a_retry_after_backoff_waits_in_the_delayed_set() {
    store.submit(aJob().build());
    Job claimed = store.claim(ClaimRequest.of("noop", "w1", 1, LEASE)).getFirst();
    store.fail(
        new FailRequest(
            claimed.lease(), anError("boom", 1, clock.instant()), clock.instant().plusSeconds(5)));

    assertThat(store.promoteDue(10)).isZero();
    clock.advance(Duration.ofSeconds(6));
    assertThat(store.promoteDue(10)).isEqualTo(1);
    assertThat(store.get(claimed.id()).orElseThrow().state()).isEqualTo(JobState.QUEUED);
  }

  @Test
  void a_cancelled_scheduled_job_is_not_promoted() {
    Job job = store.submit(aJob().runAt(clock.instant().plusSeconds(10)).build()).job();
    store.cancel(new CancelRequest(job.id(), "alice", null));
    clock.advance(Duration.ofSeconds(11));

    assertThat(store.promoteDue(10)).isZero();
    assertThat(store.get(job.id()).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
  }

  @Test
  void ids_a_promoter_took_and_never_let_go_are_given_back_after_the_hold() {
    Job job = store.submit(aJob().runAt(clock.instant().plusSeconds(10)).build()).job();
    clock.advance(Duration.ofSeconds(11));
    RedisDelayedSet delayed = new RedisDelayedSet(store.redis(), new RedisQueue(store.redis()));
    long now = clock.millis();
    assertThat(delayed.takeDue(now, 10, now + DuePromotions.HOLD.toMillis()))
        .containsExactly(job.id()); // and then that promoter died

    assertThat(store.reconciler().runOnce()).isZero(); // held: left alone
    clock.advance(DuePromotions.HOLD.plusSeconds(1));
    assertThat(store.reconciler().runOnce()).isEqualTo(1);

    assertThat(store.promoteDue(10)).isEqualTo(1);
  }

  @Test
  void with_redis_down_the_promoter_reads_mongodb() {
    List<Job> jobs =
        List.of(
            store.submit(aJob().runAt(clock.instant().plusSeconds(10)).build()).job(),
            store.submit(aJob().runAt(clock.instant().plusSeconds(10)).build()).job());
    clock.advance(Duration.ofSeconds(11));
    REDIS.stop();

    assertThat(store.promoteDue(10)).isEqualTo(2);
    jobs.forEach(
        job -> assertThat(store.get(job.id()).orElseThrow().state()).isEqualTo(JobState.QUEUED));
  }
}
