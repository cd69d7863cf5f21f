package dev.ujm.server.engine;

import dev.ujm.core.auth.ApiKeys;
import dev.ujm.core.cluster.NodeRegistry;
import dev.ujm.core.cluster.QueueControls;
import dev.ujm.core.engine.JobService;
import dev.ujm.core.engine.Ujm;
import dev.ujm.core.events.EventBus;
import dev.ujm.core.events.JobWaiter;
import dev.ujm.core.store.Stores;
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
  private final JobWaiter watch;
  private final Supplier<WorkerSnapshot> workers;
  private final Ujm ujm;

  /** The engine of a started {@link Ujm} over these stores. */
  public Engine(Stores stores, Ujm ujm, ApiKeys keys) {
    this.stores = stores;
    this.runtime = ujm;
    this.jobs = ujm.jobs();
    this.keys = keys;
    this.watch = ujm.waiter();
    this.workers = () -> ujm.workers().snapshot();
    this.ujm = ujm;
  }

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
    this.ujm = null;
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

  /** This node's workers now. */
  public WorkerSnapshot workers() {
    return workers.get();
  }

  /**
   * The bus of every committed change (on a shared store, every node's): the one source of the live
   * streams.
   *
   * @throws IllegalStateException when this engine was built without its runtime
   */
  public EventBus events() {
    return runtime().events();
  }

  /** The live nodes sharing the store. */
  public NodeRegistry nodes() {
    return runtime().nodes();
  }

  /** The operators' decisions about queues, applied by every node. */
  public QueueControls queueControls() {
    return runtime().queueControls();
  }

  private Ujm runtime() {
    if (ujm == null) {
      throw new IllegalStateException("this engine was built without its runtime");
    }
    return ujm;
  }

  /** Whether both stores answer now. */
  public boolean isReady() {
    try {
      return stores.jobs().isReady() && stores.keys().isReady();
    } catch (RuntimeException e) {
      return false;
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
