package dev.ujm.server.engine;

import dev.ujm.api.ProblemTypes;
import dev.ujm.core.advice.Recommendations;
import dev.ujm.core.analytics.JobMetrics;
import dev.ujm.core.audit.AccessLog;
import dev.ujm.core.audit.InMemoryAccessLog;
import dev.ujm.core.auth.ApiKeys;
import dev.ujm.core.cluster.NodeRegistry;
import dev.ujm.core.cluster.QueueControls;
import dev.ujm.core.engine.JobService;
import dev.ujm.core.engine.Ujm;
import dev.ujm.core.events.EventBus;
import dev.ujm.core.events.JobWaiter;
import dev.ujm.core.files.FileStore;
import dev.ujm.core.schedule.ScheduleService;
import dev.ujm.core.store.StoreHealth;
import dev.ujm.core.store.Stores;
import dev.ujm.core.tenant.TenantStore;
import dev.ujm.core.worker.WorkerSnapshot;
import dev.ujm.core.workflow.WorkflowService;
import dev.ujm.server.http.ProblemException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running job engine behind the API: a started {@link Ujm} (job service, event bus, waits,
 * workers, schedules and workflows) and the keys, over one backend's stores. Closing it stops the
 * workers gracefully (running jobs are handed back) and then closes the stores. Thread-safe.
 */
public final class Engine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
  private final Stores stores;
  private final AccessLog accessLog;
  private final Ujm ujm;
  private final ApiKeys keys;
  private final AtomicBoolean workersStopped = new AtomicBoolean();

  /** The engine of a started {@link Ujm} over these stores. */
  public Engine(Stores stores, Ujm ujm, ApiKeys keys) {
    this.stores = stores;
    this.ujm = ujm;
    this.keys = keys;
    this.accessLog = stores.accessLogStore().orElseGet(InMemoryAccessLog::new);
  }

  /**
   * Recurring jobs.
   *
   * @throws dev.ujm.server.http.ProblemException 501 when the backend has no schedules
   */
  public ScheduleService schedules() {
    return present(ujm.schedules(), "schedules");
  }

  /** Workflows and batches with callbacks; 501 when the backend has none. */
  public WorkflowService workflows() {
    return present(ujm.workflows(), "workflows");
  }

  /** The tenant records and their metered usage; 501 when the backend keeps none. */
  public TenantStore tenants() {
    return present(stores.tenants(), "tenant records");
  }

  /** The job metrics that analytics and SLAs read; 501 when the backend keeps none. */
  public JobMetrics metrics() {
    return present(stores.metrics(), "job metrics");
  }

  private static <T> T present(T service, String what) {
    if (service == null) {
      throw new ProblemException(
          501,
          ProblemTypes.INTERNAL_ERROR,
          "Not implemented",
          "this store has no " + what,
          null,
          null);
    }
    return service;
  }

  public JobService jobs() {
    return ujm.jobs();
  }

  /** Advice measured from this backend's jobs, usage and schedules, on {@code clock}. */
  public Recommendations recommendations(java.time.InstantSource clock) {
    return new Recommendations(
        stores.jobs(),
        stores.tenants(),
        ujm.schedules() == null ? null : ujm.schedules().store(),
        clock);
  }

  public ApiKeys keys() {
    return keys;
  }

  /** Waits for jobs to change, on the engine's event bus. */
  public JobWaiter watch() {
    return ujm.waiter();
  }

  /** The backend's access audit; one in this process when the backend keeps none. */
  public AccessLog accessLog() {
    return accessLog;
  }

  /** The backend's file store, if it keeps files. */
  public java.util.Optional<FileStore> files() {
    return stores.fileStore();
  }

  /** This node's workers now. */
  public WorkerSnapshot workers() {
    return ujm.workers().snapshot();
  }

  /** The queues a pool of this node serves now, as {@link #workers()} would tell. */
  public Set<String> servedQueues() {
    return ujm.workers().servedQueues();
  }

  /**
   * The bus of every committed change (on a shared store, every node's): the one source of the live
   * streams.
   */
  public EventBus events() {
    return ujm.events();
  }

  /** The live nodes sharing the store. */
  public NodeRegistry nodes() {
    return ujm.nodes();
  }

  /** The operators' decisions about queues, applied by every node. */
  public QueueControls queueControls() {
    return ujm.queueControls();
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
   * The health of each server the job store is made of ({@code mongo}, {@code redis}), empty for a
   * store on one backend and when the store cannot say (its {@link #health()} names the failure).
   */
  public Map<String, StoreHealth> backendHealth() {
    try {
      return stores.jobs().backendHealth();
    } catch (RuntimeException e) {
      return Map.of();
    }
  }

  /**
   * Stops the workers gracefully (running jobs get the grace period, then are handed back); the
   * stores stay open, so the job can still be read meanwhile. Idempotent.
   */
  public void stopWorkers() {
    if (workersStopped.compareAndSet(false, true)) {
      try {
        ujm.close();
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
