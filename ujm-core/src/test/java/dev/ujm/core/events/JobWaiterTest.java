package dev.ujm.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.core.memory.InMemoryJobStore;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobNotFoundException;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.ClaimRequest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobWaiterTest {
  private final InMemoryJobStore store = new InMemoryJobStore(InstantSource.system());
  private final LocalEventBus bus = new LocalEventBus();
  private final JobWaiter waiter = new JobWaiter(bus);

  JobWaiterTest() {
    store.addListener(bus::publish);
  }

  @AfterEach
  void close() {
    waiter.close();
    bus.close();
  }

  private Job read(String id) {
    return store.get(id).orElseThrow(() -> new JobNotFoundException(id));
  }

  @Test
  void a_wait_ends_when_the_job_finishes_on_another_thread() throws Exception {
    Job job = store.submit(NewJob.ofType("noop").build()).job();
    CompletableFuture<Job> waited =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return waiter.awaitFinal(this::read, job.id(), Duration.ofSeconds(30));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    org.awaitility.Awaitility.await().until(() -> waiter.waiting() == 1);

    Job claimed = store.claim(ClaimRequest.of("noop", "w1", 1, Duration.ofSeconds(30))).getFirst();
    store.complete(claimed.lease(), null);

    assertThat(waited.get().state()).isEqualTo(JobState.COMPLETED);
    assertThat(waiter.waiting()).isZero();
  }

  @Test
  void a_wait_that_runs_out_returns_the_job_as_it_is() throws Exception {
    Job job = store.submit(NewJob.ofType("noop").build()).job();

    Job after = waiter.awaitFinal(this::read, job.id(), Duration.ofMillis(50));

    assertThat(after.state()).isEqualTo(JobState.QUEUED);
    assertThat(waiter.waiting()).isZero();
  }
}
