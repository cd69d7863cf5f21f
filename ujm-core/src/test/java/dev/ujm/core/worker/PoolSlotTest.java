package dev.ujm.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.store.StoreCapability;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A pool slot frees when the handler returns, so the next job is claimed while the last outcome is
 * still being written; on a store that claims with completions, a completion claims the slot's next
 * job in its own write instead, and that job runs in the same slot next.
 */
class PoolSlotTest {
  record Empty() {}

  private final WorkerFixture fixture = new WorkerFixture();
  private final CountDownLatch firstCompleteMayFinish = new CountDownLatch(1);
  private final AtomicInteger completesEntered = new AtomicInteger();

  @AfterEach
  void stop() {
    firstCompleteMayFinish.countDown();
    fixture.close();
  }

  @Test
  void a_pool_of_one_runs_the_next_job_while_the_outcome_of_the_last_is_still_being_written()
      throws Exception {
    CountDownLatch secondRan = new CountDownLatch(1);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    AtomicInteger handled = new AtomicInteger();
    fixture.register(
        JobDefinition.of(
            "step",
            Empty.class,
            ctx -> {
              mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
              if (handled.incrementAndGet() == 2) {
                secondRan.countDown();
              }
              running.decrementAndGet();
              return JobOutcome.completed();
            }));
    fixture.workerStore(this::holdFirstComplete);
    Job first = fixture.submit(NewJob.ofType("step").build());
    Job second = fixture.submit(NewJob.ofType("step").build());

    fixture.start(Map.of("UJM_WORKERS", "1"));

    assertThat(secondRan.await(10, TimeUnit.SECONDS))
        .as("second job ran while the first completes")
        .isTrue();
    assertThat(fixture.job(first.id()).state()).isEqualTo(JobState.PROCESSING);
    firstCompleteMayFinish.countDown();
    fixture.awaitState(first.id(), JobState.COMPLETED);
    fixture.awaitState(second.id(), JobState.COMPLETED);
    assertThat(mostAtOnce).hasValue(1);
  }

  @Test
  void the_pool_counts_a_job_busy_only_while_its_handler_runs() throws Exception {
    fixture.register(JobDefinition.of("step", Empty.class, ctx -> JobOutcome.completed()));
    fixture.workerStore(this::holdFirstComplete);
    Job only = fixture.submit(NewJob.ofType("step").build());

    var worker = fixture.start(Map.of("UJM_WORKERS", "1"));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> completesEntered.get() == 1 && worker.snapshot().pools().get(0).busy() == 0);
    assertThat(fixture.job(only.id()).state()).isEqualTo(JobState.PROCESSING);
    firstCompleteMayFinish.countDown();
    fixture.awaitState(only.id(), JobState.COMPLETED);
  }

  @Test
  void a_completion_claims_the_next_job_and_it_runs_in_the_same_slot_on_the_same_thread() {
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    fixture.register(
        JobDefinition.of(
            "step",
            Empty.class,
            ctx -> {
              threads.add(Thread.currentThread());
              return JobOutcome.completed();
            }));
    List<Job> jobs =
        IntStream.range(0, 5).mapToObj(i -> fixture.submit(NewJob.ofType("step").build())).toList();

    var worker = fixture.start(Map.of("UJM_WORKERS", "1"));

    jobs.forEach(job -> fixture.awaitState(job.id(), JobState.COMPLETED));
    assertThat(threads).as("every job ran on the thread of the first").hasSize(1);
    await().until(() -> worker.snapshot().pools().get(0).busy() == 0);
    PoolSnapshot pool = worker.snapshot().pools().get(0);
    assertThat(pool.claimed()).isEqualTo(5);
    assertThat(pool.completed()).isEqualTo(5);
    jobs.forEach(
        job ->
            assertThat(fixture.job(job.id()).workerId())
                .isEqualTo(fixture.job(jobs.get(0).id()).workerId()));
  }

  /**
   * Wraps the store so that the first complete waits until the test lets it go on; the store claims
   * nothing with completions, so the pool frees the slot when the handler returns.
   */
  private JobStore holdFirstComplete(JobStore store) {
    return (JobStore)
        Proxy.newProxyInstance(
            JobStore.class.getClassLoader(),
            new Class<?>[] {JobStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("capabilities")) {
                Set<StoreCapability> capabilities = EnumSet.noneOf(StoreCapability.class);
                capabilities.addAll(store.capabilities());
                capabilities.remove(StoreCapability.CLAIM_ON_COMPLETE);
                return capabilities;
              }
              if (method.getName().equals("complete") && completesEntered.incrementAndGet() == 1) {
                firstCompleteMayFinish.await(10, TimeUnit.SECONDS);
              }
              try {
                return method.invoke(store, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
