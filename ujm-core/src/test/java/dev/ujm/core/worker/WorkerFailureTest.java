package dev.ujm.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobError;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.StaleLeaseException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerFailureTest {
  record Empty() {}

  private final SettableClock clock = new SettableClock();
  private final WorkerFixture fixture = new WorkerFixture(clock);
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    release.countDown();
    fixture.close();
  }

  @Test
  void a_failing_attempt_is_retried_until_one_succeeds() {
    fixture.register(
        JobDefinition.of(
            "shaky",
            Empty.class,
            ctx -> {
              if (ctx.attempt() < 3) {
                throw new IOException("attempt " + ctx.attempt() + " lost its connection");
              }
              return JobOutcome.completed("third time lucky");
            }));
    fixture.start(Map.of());

    String id = fixture.submit(NewJob.ofType("shaky").maxAttempts(5).build()).id();

    Job done = fixture.awaitState(id, JobState.COMPLETED);
    assertThat(done.attempt()).isEqualTo(3);
    assertThat(done.errors())
        .extracting(JobError::type, JobError::attempt)
        .containsExactly(tuple("IOException", 1), tuple("IOException", 2));
  }

  @Test
  void a_job_that_keeps_failing_lands_in_the_dead_letter_queue_after_its_last_attempt() {
    fixture.register(
        JobDefinition.of(
            "broken",
            Empty.class,
            ctx -> {
              throw new IllegalStateException("always broken");
            }));
    var worker = fixture.start(Map.of());

    String id = fixture.submit(NewJob.ofType("broken").maxAttempts(2).build()).id();

    Job dead = fixture.awaitState(id, JobState.FAILED);
    assertThat(dead.attempt()).isEqualTo(2);
    assertThat(dead.errors()).hasSize(2);
    assertThat(dead.lastError().message()).isEqualTo("always broken");
    await().until(() -> worker.snapshot().pools().get(0).failed() == 2);
  }

  @Test
  void a_handler_that_fails_for_good_is_not_retried() {
    fixture.register(
        JobDefinition.of(
            "refuses", Empty.class, ctx -> JobOutcome.failed("bad-input", "no such user")));
    fixture.start(Map.of());

    String id = fixture.submit(NewJob.ofType("refuses").maxAttempts(5).build()).id();

    Job dead = fixture.awaitState(id, JobState.FAILED);
    assertThat(dead.attempt()).isEqualTo(1);
    assertThat(dead.lastError().type()).isEqualTo("bad-input");
  }

  @Test
  void an_attempt_past_its_timeout_is_interrupted_and_failed_with_a_timeout_error() {
    AtomicBoolean interrupted = new AtomicBoolean();
    fixture.register(
        JobDefinition.of(
            "slow",
            Empty.class,
            ctx -> {
              try {
                ctx.sleep(Duration.ofDays(1));
              } catch (InterruptedException e) {
                interrupted.set(ctx.isCancelled());
                throw e;
              }
              return JobOutcome.completed();
            }));
    fixture.start(Map.of());
    String id = fixture.submit(NewJob.ofType("slow").timeoutSeconds(5).maxAttempts(1).build()).id();
    fixture.awaitState(id, JobState.PROCESSING);

    clock.advance(Duration.ofSeconds(6));
    fixture.worker().checkTimeoutsOnce();

    Job failed = fixture.awaitState(id, JobState.FAILED);
    assertThat(failed.lastError().type()).isEqualTo("timeout");
    assertThat(interrupted).isTrue();
  }

  @Test
  void a_handler_that_ignores_its_timeout_is_failed_for_it_after_a_grace_period() {
    fixture.register(
        JobDefinition.of(
            "stubborn",
            Empty.class,
            ctx -> {
              ignoreInterruptsUntilReleased();
              return JobOutcome.completed();
            }));
    var worker = fixture.start(Map.of());
    String id =
        fixture.submit(NewJob.ofType("stubborn").timeoutSeconds(5).maxAttempts(1).build()).id();
    fixture.awaitState(id, JobState.PROCESSING);

    clock.advance(Duration.ofSeconds(6));
    worker.checkTimeoutsOnce();
    assertThat(fixture.job(id).state()).isEqualTo(JobState.PROCESSING);
    clock.advance(AttemptWatch.IGNORED_TIMEOUT_GRACE);
    worker.checkTimeoutsOnce();

    Job failed = fixture.awaitState(id, JobState.FAILED);
    assertThat(failed.lastError().type()).isEqualTo("timeout");
    // The worker's own ticker may be the one that failed it: its counter follows the write.
    await().until(() -> worker.snapshot().pools().get(0).failed() == 1);
    assertThat(worker.snapshot().pools().get(0).busy())
        .isEqualTo(1); // the thread still runs; its slot stays taken
  }

  @Test
  void a_write_with_a_lost_lease_ends_the_attempt_quietly_while_the_job_runs_again() {
    AtomicReference<Throwable> firstAttemptWrite = new AtomicReference<>();
    fixture.register(
        JobDefinition.of(
            "stalls",
            Empty.class,
            ctx -> {
              if (ctx.attempt() == 1) {
                ignoreInterruptsUntilReleased(); // a stalled worker: it misses that its lease
                // expired
                try {
                  ctx.saveCheckpoint(Map.of("late", true));
                } catch (StaleLeaseException e) {
                  firstAttemptWrite.set(e);
                  throw e;
                }
              }
              return JobOutcome.completed("attempt " + ctx.attempt());
            }));
    // Long leases and heartbeats, so that only the test's clock makes the lease expire.
    var worker =
        fixture.start(Map.of("UJM_LEASE_SECONDS", "7200", "UJM_HEARTBEAT_SECONDS", "3600"));
    String id = fixture.submit(NewJob.ofType("stalls").build()).id();
    fixture.awaitState(id, JobState.PROCESSING);

    clock.advance(Duration.ofSeconds(7201));
    assertThat(fixture.memory.requeueExpired(10)).isEqualTo(1);
    Job done = fixture.awaitState(id, JobState.COMPLETED);
    release.countDown();

    await().until(() -> firstAttemptWrite.get() != null);
    assertThat(firstAttemptWrite.get()).isInstanceOf(StaleLeaseException.class);
    assertThat(done.result().asText()).isEqualTo("attempt 2");
    assertThat(done.errors()).extracting(JobError::type).containsExactly("lease-expired");
    await().until(() -> worker.snapshot().running() == 0);
    assertThat(worker.snapshot().pools().get(0).failed()).isZero();
  }

  private void ignoreInterruptsUntilReleased() {
    while (true) {
      try {
        release.await();
        return;
      } catch (InterruptedException ignored) {
        // this handler deliberately ignores interruption
      }
    }
  }
}
