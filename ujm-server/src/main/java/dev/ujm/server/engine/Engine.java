package dev.ujm.server.engine;

import dev.ujm.core.auth.ApiKeys;
import dev.ujm.core.engine.JobService;
import dev.ujm.core.store.StoreHealth;
import dev.ujm.core.worker.WorkerSnapshot;
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
  private final JobWatch watch;
  private final Supplier<WorkerSnapshot> workers;

  public Engine(
      Stores stores,
      AutoCloseable runtime,
      JobService jobs,
      ApiKeys keys,
      JobWatch watch,
      Supplier<WorkerSnapshot> workers) {
    this.stores = stores;
    this.runtime = runtime;
    this.jobs = jobs;
    this.keys = keys;
    this.watch = watch;
    this.workers = workers;
  }

  public JobService jobs() {
    return jobs;
  }

  public ApiKeys keys() {
    return keys;
  }

  public JobWatch watch() {
    return watch;
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

  @Override
  public void close() {
    try {
      runtime.close();
    } catch (Exception e) {
      LOG.warn("the workers did not stop cleanly: {}", e.toString());
    } finally {
      stores.close();
    }
  }
}
