package dev.ujm.core.store;

import dev.ujm.core.auth.ApiKeyStore;
import dev.ujm.core.cluster.ClusterLock;
import dev.ujm.core.cluster.NodeRegistry;
import dev.ujm.core.cluster.QueueControls;
import dev.ujm.core.events.EventBus;
import java.util.Objects;

/**
 * What one backend provides: the job and key stores, and — for a backend several nodes share — the
 * event bus that carries changes between them, the node registry, the cluster lock and the queue
 * controls (pause, pool sizes) every node applies. A null bus, registry, lock or controls means
 * "this process alone": the engine uses local ones. Closing closes every part the backend opened.
 */
public record Stores(
    JobStore jobs,
    ApiKeyStore keys,
    EventBus events,
    NodeRegistry nodes,
    ClusterLock locks,
    QueueControls queueControls)
    implements AutoCloseable {

  public Stores {
    Objects.requireNonNull(jobs, "jobs");
    Objects.requireNonNull(keys, "keys");
  }

  /** A backend one process owns: its jobs and keys, with local events, nodes and locks. */
  public Stores(JobStore jobs, ApiKeyStore keys) {
    this(jobs, keys, null, null, null, null);
  }

  /** A shared backend whose queue controls are kept by this process alone. */
  public Stores(
      JobStore jobs, ApiKeyStore keys, EventBus events, NodeRegistry nodes, ClusterLock locks) {
    this(jobs, keys, events, nodes, locks, null);
  }

  @Override
  public void close() {
    try {
      if (events != null) {
        events.close();
      }
    } finally {
      try {
        keys.close();
      } finally {
        jobs.close();
      }
    }
  }
}
