package dev.ujm.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.StaleLeaseException;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A smoke test of the reference store inside ujm-core; the whole contract runs on it in
 * ujm-store-tck ({@code InMemoryJobStoreContractTest}).
 */
class InMemoryJobStoreTest {
  private final JobStore store =
      new InMemoryJobStore(InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z")));

  @Test
  void a_submitted_job_can_be_claimed_and_completed() {
    Job submitted = store.submit(NewJob.ofType("noop").build()).job();
    assertThat(submitted.state()).isEqualTo(JobState.QUEUED);
    assertThat(submitted.queue()).isEqualTo("noop");

    List<Job> claimed = store.claim(ClaimRequest.of("noop", "w1", 10, Duration.ofSeconds(30)));
    assertThat(claimed).extracting(Job::id).containsExactly(submitted.id());
    Job done = store.complete(claimed.get(0).lease(), null);

    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    assertThat(store.history(submitted.id()))
        .extracting(e -> e.reason())
        .containsExactly("submitted", "claimed", "completed");
  }

  @Test
  void a_write_with_an_old_lease_is_rejected() {
    Job submitted = store.submit(NewJob.ofType("noop").build()).job();
    Job claimed = store.claim(ClaimRequest.of("noop", "w1", 1, Duration.ofSeconds(30))).get(0);
    store.release(claimed.lease(), "shutting down");

    assertThatThrownBy(() -> store.complete(claimed.lease(), null))
        .isInstanceOf(StaleLeaseException.class);
    assertThat(store.get(submitted.id()).orElseThrow().state()).isEqualTo(JobState.QUEUED);
  }
}
