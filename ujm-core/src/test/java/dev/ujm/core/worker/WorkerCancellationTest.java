package dev.ujm.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.JobStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerCancellationTest {
  record Empty() {}

  private final WorkerFixture fixture = new WorkerFixture();
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicBoolean sawCancellation = new AtomicBoolean();

  @AfterEach
  void stop() {
    release.countDown();
    fixture.close();
  }

  /** Sleeps a day through the context, noting whether it woke because the job was cancelled. */
  private JobDefinition<Empty> sleeper(String type) {
    return JobDefinition.of(
        type,
        Empty.class,
        ctx -> {
          try {
            ctx.sleep(Duration.ofDays(1));
            return JobOutcome.completed();
          } catch (InterruptedException e) {
            sawCancellation.set(ctx.isCancelled());
            throw e;
          }
        });
  }

  @Test
  void cancelling_a_running_job_interrupts_its_handler_within_a_second() {
    fixture.register(sleeper("sleeper"));
    var worker = fixture.start(Map.of());
    String id = fixture.submit(NewJob.ofType("sleeper").build()).id();
    fixture.awaitState(id, JobState.PROCESSING);

    fixture.jobs.cancel(id, "user-1");

    await().atMost(Duration.ofSeconds(1)).untilTrue(sawCancellation);
    await().until(() -> worker.snapshot().running() == 0);
    Job cancelled = fixture.job(id);
    assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
    assertThat(cancelled.errors()).isEmpty();
  }

  @Test
  void a_cancel_the_listener_missed_is_found_by_the_next_heartbeat() {
    fixture.register(sleeper("sleeper")).workerStore(WorkerCancellationTest::deafToListeners);
    var worker = fixture.start(Map.of());
    String id = fixture.submit(NewJob.ofType("sleeper").build()).id();
    fixture.awaitState(id, JobState.PROCESSING);
    await().until(() -> worker.snapshot().running() == 1); // its attempt is under way here
    fixture.jobs.cancel(id, "user-1");
    assertThat(sawCancellation).isFalse();

    assertThat(worker.heartbeatOnce()).isEqualTo(1);

    await().untilTrue(sawCancellation);
    assertThat(fixture.job(id).state()).isEqualTo(JobState.CANCELLED);
  }

  /** A store whose listeners never hear anything, as when a change happened on another node. */
  private static JobStore deafToListeners(JobStore store) {
    return (JobStore)
        Proxy.newProxyInstance(
            JobStore.class.getClassLoader(),
            new Class<?>[] {JobStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("addListener")) {
                return null;
              }
              try {
                return method.invoke(store, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Test
  void stopping_hands_running_jobs_back_with_their_checkpoint_and_the_next_run_resumes_from_it() {
    AtomicInteger resumedAt = new AtomicInteger(-1);
    CountDownLatch started = new CountDownLatch(1);
    fixture.register(
        JobDefinition.of(
            "stepper",
            Empty.class,
            ctx -> {
              int from = ctx.checkpoint(Map.class).map(m -> (Integer) m.get("step")).orElse(0);
              if (from > 0) {
                resumedAt.set(from);
                return JobOutcome.completed();
              }
              ctx.checkpointWith(() -> Map.of("step", 7));
              started.countDown();
              ctx.sleep(Duration.ofDays(1));
              return JobOutcome.completed();
            }));
    var worker = fixture.start(Map.of());
    String id = fixture.submit(NewJob.ofType("stepper").build()).id();
    await().until(() -> started.getCount() == 0);

    worker.stop(Duration.ofMillis(50));

    Job handedBack = fixture.job(id);
    assertThat(handedBack.state()).isEqualTo(JobState.QUEUED);
    assertThat(handedBack.attempt()).isZero();
    assertThat(handedBack.checkpoint().get("step").asInt()).isEqualTo(7);
    assertThat(fixture.memory.history(id))
        .last()
        .extracting(JobEvent::reason)
        .isEqualTo("node shutting down");
    assertThat(worker.snapshot().state()).isEqualTo("stopped");

    fixture.start(Map.of());
    fixture.awaitState(id, JobState.COMPLETED);
    assertThat(resumedAt.get()).isEqualTo(7);
  }

  @Test
  void jobs_that_finish_within_the_grace_period_complete_and_no_new_job_is_claimed_meanwhile() {
    fixture.register(
        JobDefinition.of(
            "finisher",
            Empty.class,
            ctx -> {
              release.await();
              return JobOutcome.completed("finished");
            }));
    var worker = fixture.start(Map.of());
    String running = fixture.submit(NewJob.ofType("finisher").build()).id();
    fixture.awaitState(running, JobState.PROCESSING);

    CompletableFuture<Void> stopping =
        CompletableFuture.runAsync(() -> worker.stop(Duration.ofSeconds(30)));
    await().until(() -> worker.snapshot().state().equals("stopping"));
    String late = fixture.submit(NewJob.ofType("finisher").build()).id();
    release.countDown();
    stopping.join();

    assertThat(fixture.job(running).state()).isEqualTo(JobState.COMPLETED);
    assertThat(fixture.job(late).state()).isEqualTo(JobState.QUEUED);
  }

  @Test
  void a_handler_that_ignores_interruption_does_not_block_shutdown() {
    CountDownLatch started = new CountDownLatch(1);
    fixture.register(
        JobDefinition.of(
            "deaf",
            Empty.class,
            ctx -> {
              started.countDown();
              while (true) {
                try {
                  release.await();
                  return JobOutcome.completed();
                } catch (InterruptedException ignored) {
                  // deliberately deaf to interruption
                }
              }
            }));
    var worker = fixture.start(Map.of());
    String id = fixture.submit(NewJob.ofType("deaf").build()).id();
    await().until(() -> started.getCount() == 0);

    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> worker.stop(Duration.ofMillis(50)));

    assertThat(fixture.job(id).state()).isEqualTo(JobState.QUEUED);
  }
}
