package dev.ujm.core.worker;

import static org.awaitility.Awaitility.await;

import dev.ujm.core.cluster.LocalClusterLock;
import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.duty.DutyScheduler;
import dev.ujm.core.duty.ScheduledJobPromoter;
import dev.ujm.core.engine.JobService;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobTypeRegistry;
import dev.ujm.core.memory.InMemoryJobStore;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.worker.RetryPolicy.Jitter;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One in-memory store, a registry of job types and a worker service over them, for the runtime
 * tests. Retries wait zero time and a fast promoter moves them back to the queue, so retried jobs
 * run again at once. Closing it stops the worker and the promoter.
 */
final class WorkerFixture implements AutoCloseable {
  static final String NODE = "node-a";

  /** Full jitter with a random source that always answers zero: every retry is due at once. */
  static final RetryPolicy NO_WAIT =
      new RetryPolicy(Jitter.FULL, Duration.ofSeconds(1), Duration.ofHours(1), () -> 0L);

  final InstantSource clock;
  final InMemoryJobStore memory;
  final JobTypeRegistry types = new JobTypeRegistry();
  final JobService jobs;
  private JobStore storeSeenByWorker;
  private JobWorkerService worker;
  private DutyScheduler promoter;

  WorkerFixture(InstantSource clock) {
    this.clock = clock;
    this.memory = new InMemoryJobStore(clock);
    this.storeSeenByWorker = memory;
    this.jobs = new JobService(memory, types, clock);
  }

  WorkerFixture() {
    this(InstantSource.system());
  }

  WorkerFixture register(JobDefinition<?> definition) {
    types.register(definition);
    return this;
  }

  /** Puts a wrapper between the worker and the store (to inject failures). */
  WorkerFixture workerStore(UnaryOperator<JobStore> wrap) {
    storeSeenByWorker = wrap.apply(memory);
    return this;
  }

  JobWorkerService start(Map<String, String> settings) {
    return start(settings, b -> b);
  }

  JobWorkerService start(
      Map<String, String> settings, UnaryOperator<JobWorkerService.Builder> tune) {
    worker =
        tune.apply(
                JobWorkerService.builder(storeSeenByWorker, types)
                    .config(UjmConfig.from(settings))
                    .clock(clock)
                    .nodeId(NODE)
                    .retryPolicy(NO_WAIT)
                    .idleWait(Duration.ofMillis(50)))
            .build()
            .start();
    if (promoter != null) {
      promoter.close(); // a second start (a restarted node) gets its own promoter
    }
    promoter =
        new DutyScheduler(
                List.of(new ScheduledJobPromoter(memory, Duration.ofMillis(10))),
                new LocalClusterLock(InstantSource.system()),
                worker.workerId())
            .start();
    return worker;
  }

  JobWorkerService worker() {
    return worker;
  }

  Job submit(NewJob job) {
    return jobs.submit(job).job();
  }

  Job job(String id) {
    return memory.get(id).orElseThrow();
  }

  Job awaitState(String id, JobState state) {
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> job(id).state() == state);
    return job(id);
  }

  @Override
  public void close() {
    if (promoter != null) {
      promoter.close();
    }
    if (worker != null) {
      worker.stop(Duration.ofSeconds(5));
    }
  }
}
