package dev.ujm.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ujm.core.cluster.QueueControlUpdate;
import dev.ujm.core.config.ScaleRange;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Operators pause, resume and resize a queue's pool live, and the autoscaler sizes it. */
class PoolControlTest {
  record Empty() {}

  private final SettableClock clock = new SettableClock();
  private final WorkerFixture fixture = new WorkerFixture(clock);
  private final Semaphore mayFinish = new Semaphore(0);
  private final AtomicInteger running = new AtomicInteger();

  @BeforeEach
  void register() {
    fixture.register(
        JobDefinition.of(
            "held",
            Empty.class,
            ctx -> {
              running.incrementAndGet();
              try {
                mayFinish.tryAcquire(30, TimeUnit.SECONDS);
              } finally {
                running.decrementAndGet();
              }
              return JobOutcome.completed();
            }));
  }

  @AfterEach
  void stop() {
    mayFinish.release(1000);
    fixture.close();
  }

  private List<Job> submit(int n) {
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      jobs.add(fixture.submit(NewJob.ofType("held").build()));
    }
    return jobs;
  }

  private PoolSnapshot pool(JobWorkerService worker) {
    return worker.snapshot().pools().stream()
        .filter(p -> p.queue().equals("held"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void a_paused_queue_claims_nothing_while_its_running_jobs_finish_and_resuming_restarts_it() {
    JobWorkerService worker = fixture.start(Map.of("UJM_WORKERS", "2"));
    List<Job> first = submit(2);
    await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 2);

    worker.queueControls().update("held", QueueControlUpdate.pause(true), "test");
    Job waiting = submit(1).get(0);
    mayFinish.release(2);
    first.forEach(j -> fixture.awaitState(j.id(), JobState.COMPLETED));

    assertThat(pool(worker).paused()).isTrue();
    assertThat(fixture.job(waiting.id()).state()).isEqualTo(JobState.QUEUED);
    assertThat(worker.snapshot().running()).isZero();

    worker.queueControls().update("held", QueueControlUpdate.pause(false), "test");
    await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 1);
    mayFinish.release(1);
    fixture.awaitState(waiting.id(), JobState.COMPLETED);
    assertThat(pool(worker).paused()).isFalse();
  }

  @Test
  void a_pool_resized_live_runs_more_at_once_and_a_smaller_one_lets_its_jobs_finish() {
    JobWorkerService worker = fixture.start(Map.of("UJM_WORKERS", "1"));
    submit(5);
    await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 1);

    worker.queueControls().update("held", QueueControlUpdate.resize(4), "test");
    await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 4);
    assertThat(pool(worker).size()).isEqualTo(4);

    worker.queueControls().update("held", QueueControlUpdate.resize(2), "test");
    assertThat(running.get()).as("running jobs are not stopped").isEqualTo(4);
    mayFinish.release(3);
    await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 2);
    assertThat(pool(worker).busy()).isEqualTo(2);
  }

  @Test
  void a_queue_paused_before_the_node_starts_stays_paused() {
    JobWorkerService worker =
        fixture.start(
            Map.of("UJM_WORKERS", "2"),
            b -> {
              var controls = new dev.ujm.core.cluster.LocalQueueControls(clock);
              controls.update("held", QueueControlUpdate.pause(true), "test");
              return b.queueControls(controls);
            });
    Job job = submit(1).get(0);

    assertThat(pool(worker).paused()).isTrue();
    worker.heartbeatOnce();
    assertThat(fixture.job(job.id()).state()).isEqualTo(JobState.QUEUED);
  }

  @Test
  void
      an_autoscaled_pool_grows_with_its_backlog_up_to_its_ceiling_and_shrinks_after_a_quiet_spell() {
    JobWorkerService worker = fixture.start(Map.of("UJM_WORKERS_HELD", "1..6"));
    assertThat(pool(worker).size()).isEqualTo(1);
    assertThat(pool(worker).autoscale()).isEqualTo(new ScaleRange(1, 6));
    submit(40);
    await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 1);

    worker.autoscaleOnce();

    assertThat(pool(worker).size()).isEqualTo(6);
    assertThat(pool(worker).lastScaling().from()).isEqualTo(1);
    assertThat(pool(worker).lastScaling().reason()).contains("queued");
    await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 6);

    mayFinish.release(1000);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> fixture.memory.stats().totals().getOrDefault(JobState.COMPLETED, 0L) == 40);
    worker.autoscaleOnce();
    assertThat(pool(worker).size()).as("no shrinking within the cooldown").isEqualTo(6);

    clock.advance(PoolAutoscaler.COOLDOWN);
    worker.autoscaleOnce();
    assertThat(pool(worker).size()).isEqualTo(3);
    clock.advance(PoolAutoscaler.COOLDOWN);
    worker.autoscaleOnce();
    clock.advance(PoolAutoscaler.COOLDOWN);
    worker.autoscaleOnce();
    assertThat(pool(worker).size()).isEqualTo(1);
  }

  @Test
  void a_fixed_size_given_by_an_operator_turns_autoscaling_off_and_a_range_turns_it_on() {
    JobWorkerService worker = fixture.start(Map.of("UJM_WORKERS_HELD", "1..6"));

    worker.queueControls().update("held", QueueControlUpdate.resize(3), "test");
    assertThat(pool(worker).size()).isEqualTo(3);
    assertThat(pool(worker).autoscale()).isNull();

    worker.queueControls().update("held", new QueueControlUpdate(null, null, 4, 8), "test");
    assertThat(pool(worker).autoscale()).isEqualTo(new ScaleRange(4, 8));
    assertThat(pool(worker).size()).as("clamped into the new range").isEqualTo(4);
  }
}
