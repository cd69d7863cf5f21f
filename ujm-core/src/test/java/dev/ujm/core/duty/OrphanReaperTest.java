package dev.ujm.core.duty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.core.memory.InMemoryJobStore;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.HeartbeatRequest;
import dev.ujm.core.worker.SettableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrphanReaperTest {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private final SettableClock clock = new SettableClock();
  private final InMemoryJobStore store = new InMemoryJobStore(clock);
  private final OrphanReaper reaper = new OrphanReaper(store, OrphanReaper.DEFAULT_INTERVAL);

  private Job claimOne(int maxAttempts) {
    store.submit(NewJob.ofType("work").maxAttempts(maxAttempts).build());
    return store.claim(ClaimRequest.of("work", "dead-node/boot", 1, LEASE)).get(0);
  }

  @Test
  void a_job_whose_lease_has_not_expired_is_left_alone() {
    Job job = claimOne(3);
    clock.advance(LEASE.minusSeconds(1));

    assertThat(reaper.runOnce()).isZero();
    assertThat(store.get(job.id()).orElseThrow().state()).isEqualTo(JobState.PROCESSING);
  }

  @Test
  void a_job_whose_worker_stopped_heartbeating_goes_back_to_its_queue() {
    Job job = claimOne(3);
    clock.advance(LEASE.plusSeconds(1));

    assertThat(reaper.runOnce()).isEqualTo(1);
    Job requeued = store.get(job.id()).orElseThrow();
    assertThat(requeued.state()).isEqualTo(JobState.QUEUED);
    assertThat(requeued.lastError().type()).isEqualTo("lease-expired");
  }

  @Test
  void a_heartbeat_keeps_a_lease_alive_past_its_first_deadline() {
    Job job = claimOne(3);
    clock.advance(LEASE.minusSeconds(5));
    store.heartbeat(new HeartbeatRequest("dead-node/boot", List.of(job.lease()), LEASE));
    clock.advance(Duration.ofSeconds(10));

    assertThat(reaper.runOnce()).isZero();
  }

  @Test
  void an_orphan_on_its_last_attempt_is_dead_lettered() {
    Job job = claimOne(1);
    clock.advance(LEASE.plusSeconds(1));

    reaper.runOnce();

    assertThat(store.get(job.id()).orElseThrow().state()).isEqualTo(JobState.FAILED);
  }

  @Test
  void one_pass_clears_a_backlog_larger_than_a_batch() {
    int jobs = OrphanReaper.BATCH + 20;
    for (int i = 0; i < jobs; i++) {
      store.submit(NewJob.ofType("work").build());
    }
    store.claim(ClaimRequest.of("work", "dead-node/boot", jobs, LEASE));
    clock.advance(LEASE.plusSeconds(1));

    assertThat(reaper.runOnce()).isEqualTo(jobs);
  }
}
