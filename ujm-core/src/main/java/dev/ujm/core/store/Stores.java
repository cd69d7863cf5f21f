package dev.ujm.core.store;

import dev.ujm.core.analytics.JobMetrics;
import dev.ujm.core.audit.AccessLog;
import dev.ujm.core.auth.ApiKeyStore;
import dev.ujm.core.cluster.ClusterLock;
import dev.ujm.core.cluster.HostPoliteness;
import dev.ujm.core.cluster.NodeRegistry;
import dev.ujm.core.cluster.QueueControls;
import dev.ujm.core.events.EventBus;
import dev.ujm.core.files.FileStore;
import dev.ujm.core.schedule.ScheduleStore;
import dev.ujm.core.tenant.Tenant;
import dev.ujm.core.tenant.TenantStore;
import dev.ujm.core.workflow.WorkflowStore;
import java.util.Objects;
import java.util.Optional;

/**
 * What one backend provides:
 *
 * <ul>
 *   <li>the job and key stores (required);
 *   <li>where it keeps them, files (null: the file endpoints answer 503 and job types that need
 *       files refuse their jobs) and maintenance tasks of its own (null when none);
 *   <li>for a backend several nodes share, the event bus that carries changes between them, the
 *       node registry, the cluster lock and the queue controls (pause, pool sizes) every node
 *       applies (null: "this process alone", the engine uses local ones);
 *   <li>the schedule and workflow seams, which submit through the same backend's job store (null:
 *       the backend has none, and the API answers their endpoints with 501);
 *   <li>the tenant records, which the same backend's claims read for each tenant's weight and
 *       running limit (null: the backend keeps none, every tenant is served with {@link
 *       Tenant#defaults});
 *   <li>the access audit, an append-only log of who read or changed what (null: the server keeps it
 *       in memory).
 *   <li>the crawl politeness every node keeps towards each web host (null: each node keeps its own,
 *       which is right for a backend one process owns).
 *   <li>the job metrics, per type, queue, tenant and minute, that analytics and SLAs read (null:
 *       the backend keeps none, and the analytics endpoints answer 501).
 * </ul>
 *
 * Closing closes every part the backend opened.
 */
public record Stores(
    JobStore jobs,
    ApiKeyStore keys,
    FileStore files,
    StoreMaintenance maintenance,
    EventBus events,
    NodeRegistry nodes,
    ClusterLock locks,
    QueueControls queueControls,
    ScheduleStore schedules,
    WorkflowStore workflows,
    TenantStore tenants,
    AccessLog accessLog,
    HostPoliteness politeness,
    JobMetrics metrics)
    implements AutoCloseable {

  public Stores {
    Objects.requireNonNull(jobs, "jobs");
    Objects.requireNonNull(keys, "keys");
  }

  /** A backend one process owns, with jobs and keys only. */
  public Stores(JobStore jobs, ApiKeyStore keys) {
    this(jobs, keys, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /** A backend with its own bus, registry and lock, without files, schedules or workflows. */
  public Stores(
      JobStore jobs, ApiKeyStore keys, EventBus events, NodeRegistry nodes, ClusterLock locks) {
    this(jobs, keys, null, null, events, nodes, locks, null, null, null, null, null, null, null);
  }

  /** The same backend with its file store and maintenance tasks. */
  public Stores withFiles(FileStore fileStore, StoreMaintenance tasks) {
    return new Stores(
        jobs,
        keys,
        fileStore,
        tasks,
        events,
        nodes,
        locks,
        queueControls,
        schedules,
        workflows,
        tenants,
        accessLog,
        politeness,
        metrics);
  }

  /** The same backend shared by several nodes through this bus, registry, lock and controls. */
  public Stores withCluster(
      EventBus bus, NodeRegistry registry, ClusterLock lock, QueueControls controls) {
    return new Stores(
        jobs,
        keys,
        files,
        maintenance,
        bus,
        registry,
        lock,
        controls,
        schedules,
        workflows,
        tenants,
        accessLog,
        politeness,
        metrics);
  }

  /** The same backend with its schedule and workflow seams. */
  public Stores withScheduling(ScheduleStore scheduleStore, WorkflowStore workflowStore) {
    return new Stores(
        jobs,
        keys,
        files,
        maintenance,
        events,
        nodes,
        locks,
        queueControls,
        scheduleStore,
        workflowStore,
        tenants,
        accessLog,
        politeness,
        metrics);
  }

  /** The same backend with its tenant records. */
  public Stores withTenants(TenantStore tenantStore) {
    return new Stores(
        jobs,
        keys,
        files,
        maintenance,
        events,
        nodes,
        locks,
        queueControls,
        schedules,
        workflows,
        tenantStore,
        accessLog,
        politeness,
        metrics);
  }

  /** The same backend with its access audit. */
  public Stores withAccessLog(AccessLog log) {
    return new Stores(
        jobs,
        keys,
        files,
        maintenance,
        events,
        nodes,
        locks,
        queueControls,
        schedules,
        workflows,
        tenants,
        log,
        politeness,
        metrics);
  }

  /** The same backend keeping every node's crawl politeness towards web hosts in one place. */
  public Stores withPoliteness(HostPoliteness shared) {
    return new Stores(
        jobs,
        keys,
        files,
        maintenance,
        events,
        nodes,
        locks,
        queueControls,
        schedules,
        workflows,
        tenants,
        accessLog,
        shared,
        metrics);
  }

  /** The same backend keeping job metrics for analytics and SLAs. */
  public Stores withMetrics(JobMetrics kept) {
    return new Stores(
        jobs,
        keys,
        files,
        maintenance,
        events,
        nodes,
        locks,
        queueControls,
        schedules,
        workflows,
        tenants,
        accessLog,
        politeness,
        kept);
  }

  /** The job metrics, if this backend keeps them. */
  public Optional<JobMetrics> jobMetrics() {
    return Optional.ofNullable(metrics);
  }

  /** The access audit, if this backend keeps one. */
  public Optional<AccessLog> accessLogStore() {
    return Optional.ofNullable(accessLog);
  }

  /** The tenant records, if this backend keeps them. */
  public Optional<TenantStore> tenantStore() {
    return Optional.ofNullable(tenants);
  }

  /** The file store, if this backend keeps files. */
  public Optional<FileStore> fileStore() {
    return Optional.ofNullable(files);
  }

  /** The backend's maintenance tasks ({@code maintenance} jobs run them), if it offers any. */
  public Optional<StoreMaintenance> storeMaintenance() {
    return Optional.ofNullable(maintenance);
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
