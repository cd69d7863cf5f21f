package dev.ujm.core.store;

import dev.ujm.core.auth.ApiKeyStore;
import dev.ujm.core.cluster.ClusterLock;
import dev.ujm.core.cluster.NodeRegistry;
import dev.ujm.core.events.EventBus;
import dev.ujm.core.schedule.ScheduleStore;
import dev.ujm.core.workflow.WorkflowStore;
import java.util.Objects;

/**
 * What one backend provides: the job and key stores, and — for a backend several nodes share — the
 * event bus that carries changes between them, the node registry and the cluster lock. A null bus,
 * registry or lock means "this process alone": the engine uses local ones. The schedule and
 * workflow seams are the same backend's (they submit through its job store); null means the backend
 * has none, and the API answers their endpoints with 501. Closing closes every part the backend
 * opened.
 */
public record Stores(
    JobStore jobs,
    ApiKeyStore keys,
    EventBus events,
    NodeRegistry nodes,
    ClusterLock locks,
    ScheduleStore schedules,
    WorkflowStore workflows)
    implements AutoCloseable {

  public Stores {
    Objects.requireNonNull(jobs, "jobs");
    Objects.requireNonNull(keys, "keys");
  }

  /** A backend one process owns: its jobs and keys, with local events, nodes and locks. */
  public Stores(JobStore jobs, ApiKeyStore keys) {
    this(jobs, keys, null, null, null, null, null);
  }

  /** A backend with its own bus, registry and lock, without schedules or workflows. */
  public Stores(
      JobStore jobs, ApiKeyStore keys, EventBus events, NodeRegistry nodes, ClusterLock locks) {
    this(jobs, keys, events, nodes, locks, null, null);
  }

  /** The same stores with the backend's schedule and workflow seams. */
  public Stores withScheduling(ScheduleStore scheduleStore, WorkflowStore workflowStore) {
    return new Stores(jobs, keys, events, nodes, locks, scheduleStore, workflowStore);
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
