package dev.ujm.server.engine;

import dev.ujm.core.auth.ApiKeys;
import dev.ujm.core.engine.JobService;
import dev.ujm.core.events.JobWaiter;
import dev.ujm.core.schedule.ScheduleService;
import dev.ujm.core.store.StoreHealth;
import dev.ujm.core.store.Stores;
import dev.ujm.core.worker.WorkerSnapshot;
import dev.ujm.core.workflow.WorkflowService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running job engine behind the API: the job service, the keys, the change watch and the
 * workers, over one pair of stores. Closing it stops the workers gracefully (running jobs are
 * handed back) and then closes the stores. Thread-safe.
 */
public final class Engine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
  private final Stores stores;
  private final AutoCloseable runtime;
  private final JobService jobs;
  private final ApiKeys keys;
  private final JobWaiter watch;
  private final Supplier<WorkerSnapshot> workers;
  private final AtomicBoolean workersStopped = new AtomicBoolean();
  private ScheduleService schedules;
  private WorkflowService workflows;

  public Engine(
      Stores stores,
      AutoCloseable runtime,
      JobService jobs,
      ApiKeys keys,
      JobWaiter watch,
      Supplier<WorkerSnapshot> workers) {
    this.stores = stores;
    this.runtime = runtime;
    this.jobs = jobs;
    this.keys = keys;
    this.watch = watch;
    this.workers = workers;
  }

  /** The same engine with the backend's schedules and workflows (null when it has none). */
  public Engine withScheduling(ScheduleService scheduleService, WorkflowService workflowService) {
    this.schedules = scheduleService;
    this.workflows = workflowService;
    return this;
  }

  /**
   * Recurring jobs.
   *
   * @throws dev.ujm.server.http.ProblemException 501 when the backend has no schedules
   */
  public ScheduleService schedules() {
    if (schedules == null) {
      throw new dev.ujm.server.http.ProblemException(
          501,
          dev.ujm.api.ProblemTypes.INTERNAL_ERROR,
          "Not implemented",
          "this store has no schedules",
          null,
          null);
    }
    return schedules;
  }

  /** Workflows and batches with callbacks; 501 when the backend has none. */
  public WorkflowService workflows() {
    if (workflows == null) {
      throw new dev.ujm.server.http.ProblemException(
          501,
          dev.ujm.api.ProblemTypes.INTERNAL_ERROR,
          "Not implemented",
          "this store has no workflows",
          null,
          null);
    }
    return workflows;
  }

  public JobService jobs() {
    return jobs;
  }

  public ApiKeys keys() {
    return keys;
  }

  /** Waits for jobs to change, on the engine's event bus. */
  public JobWaiter watch() {
    return watch;
  }

  /** The backend's file store, if it keeps files. */
  public java.util.Optional<dev.ujm.core.files.FileStore> files() {
    return stores.fileStore();
  }

  /** This node's workers now. */
  public WorkerSnapshot workers() {
    return workers.get();
  }

  /** Whether both stores answer now. */
  public boolean isReady() {
    return health().ready();
  }

  /**
   * Whether both stores answer and take writes now, and if not, why: the job store's own reason
   * (writes failing since when and why, read-only), or that the key store does not answer.
   */
  public StoreHealth health() {
    try {
      StoreHealth jobs = stores.jobs().health();
      if (!jobs.ready()) {
        return jobs;
      }
      return stores.keys().isReady()
          ? StoreHealth.READY
          : StoreHealth.notReady("the API key store does not answer");
    } catch (RuntimeException e) {
      return StoreHealth.notReady(
          e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  /**
   * Stops the workers gracefully (running jobs get the grace period, then are handed back); the
   * stores stay open, so the job can still be read meanwhile. Idempotent.
   */
  public void stopWorkers() {
    if (workersStopped.compareAndSet(false, true)) {
      try {
        runtime.close();
      } catch (Exception e) {
        LOG.warn("the workers did not stop cleanly: {}", e.toString());
      }
    }
  }

  /** Stops the workers unless stopped, then closes the stores. */
  @Override
  public void close() {
    try {
      stopWorkers();
    } finally {
      stores.close();
    }
  }
}
