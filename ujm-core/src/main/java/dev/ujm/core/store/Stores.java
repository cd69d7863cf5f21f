package dev.ujm.core.store;

import dev.ujm.core.auth.ApiKeyStore;
import dev.ujm.core.cluster.ClusterLock;
import dev.ujm.core.cluster.NodeRegistry;
import dev.ujm.core.events.EventBus;
import java.util.Objects;

/**
 * What one backend provides: the job and key stores, and — for a backend several nodes share — the
 * event bus that carries changes between them, the node registry and the cluster lock. A null bus,
 * registry or lock means "this process alone": the engine uses local ones. Closing closes every
 * part the backend opened.
 */
public record Stores(
    JobStore jobs, ApiKeyStore keys, EventBus events, NodeRegistry nodes, ClusterLock locks)
    implements AutoCloseable {

  public Stores {
    Objects.requireNonNull(jobs, "jobs");
    Objects.requireNonNull(keys, "keys");
  }

  /** A backend one process owns: its jobs and keys, with local events, nodes and locks. */
  public Stores(JobStore jobs, ApiKeyStore keys) {
    this(jobs, keys, null, null, null);
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
