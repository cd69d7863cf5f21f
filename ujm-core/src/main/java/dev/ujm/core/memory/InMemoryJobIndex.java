package dev.ujm.core.memory;

import dev.ujm.core.model.Job;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The secondary indexes of {@link InMemoryJobStore}: queued jobs per queue in the fair order of
 * claims ({@link FairQueue}), scheduled jobs by run time, the processing set and its count per
 * tenant, who depends on whom and the idempotency keys. It holds ids only; the store keeps the
 * snapshots. Not thread-safe: the store calls it under its lock and tells it about every snapshot
 * it replaces.
 */
final class InMemoryJobIndex {
  private record DueKey(Instant runAt, String id) {}

  /** Idempotency keys are unique per tenant; a null tenant is a tenant of its own. */
  record IdempotencyKey(String tenantId, String key) {}

  private static final Comparator<DueKey> DUE_ORDER =
      Comparator.comparing(DueKey::runAt).thenComparing(DueKey::id);

  private final Map<String, FairQueue> queued = new HashMap<>();
  private final Map<String, Integer> runningByTenant = new HashMap<>();
  private final NavigableSet<DueKey> scheduled = new TreeSet<>(DUE_ORDER);
  private final Set<String> processing = new LinkedHashSet<>();
  private final Map<String, Set<String>> dependents = new HashMap<>();
  private final Map<IdempotencyKey, String> idempotency = new HashMap<>();

  /**
   * Moves a job's entries from its old snapshot to its new one; {@code before} is null for a new
   * job.
   */
  void replace(Job before, Job after) {
    if (before != null) {
      remove(before);
    }
    if (after != null) {
      add(after);
    }
  }

  /** Registers a new job's dependencies and idempotency key. */
  void added(Job job) {
    for (String dependency : job.dependsOn()) {
      dependents.computeIfAbsent(dependency, d -> new LinkedHashSet<>()).add(job.id());
    }
    IdempotencyKey key = keyOf(job.tenantId(), job.idempotencyKey());
    if (key != null) {
      idempotency.put(key, job.id());
    }
    add(job);
  }

  /** Forgets a deleted job entirely. */
  void deleted(Job job) {
    remove(job);
    dependents.remove(job.id());
    for (String dependency : job.dependsOn()) {
      Set<String> set = dependents.get(dependency);
      if (set != null) {
        set.remove(job.id());
        if (set.isEmpty()) {
          dependents.remove(dependency);
        }
      }
    }
    IdempotencyKey key = keyOf(job.tenantId(), job.idempotencyKey());
    if (key != null) {
      idempotency.remove(key, job.id());
    }
  }

  /** The queued jobs of a queue in fair order, or null when it never had any. */
  FairQueue queued(String queue) {
    return queued.get(queue);
  }

  /** How many jobs of a tenant (its {@link #tenantKey}) are processing, in every queue. */
  int running(String tenantKey) {
    return runningByTenant.getOrDefault(tenantKey, 0);
  }

  /** The key of a job's tenant in the fair order: its id, or "" for jobs without a tenant. */
  static String tenantKey(String tenantId) {
    return tenantId == null ? "" : tenantId;
  }

  /** Ids of scheduled jobs whose run time is at or before {@code now}, earliest first. */
  List<String> due(Instant now, int limit) {
    List<String> ids = new ArrayList<>();
    for (DueKey key : scheduled) {
      if (key.runAt().isAfter(now) || ids.size() >= limit) {
        break;
      }
      ids.add(key.id());
    }
    return ids;
  }

  /** A copy of the ids of processing jobs. */
  List<String> processing() {
    return new ArrayList<>(processing);
  }

  /** Ids of the jobs that named this one in {@code dependsOn}. */
  List<String> dependentsOf(String jobId) {
    return new ArrayList<>(dependents.getOrDefault(jobId, Set.of()));
  }

  /** The id of the job holding this idempotency key, or null. */
  String idempotent(String tenantId, String key) {
    IdempotencyKey k = keyOf(tenantId, key);
    return k == null ? null : idempotency.get(k);
  }

  private static IdempotencyKey keyOf(String tenantId, String key) {
    return key == null ? null : new IdempotencyKey(tenantId, key);
  }

  private void add(Job job) {
    switch (job.state()) {
      case QUEUED ->
          queued
              .computeIfAbsent(job.queue(), q -> new FairQueue())
              .add(tenantKey(job.tenantId()), queuedKey(job));
      case SCHEDULED -> scheduled.add(new DueKey(job.runAt(), job.id()));
      case PROCESSING -> {
        processing.add(job.id());
        runningByTenant.merge(tenantKey(job.tenantId()), 1, Integer::sum);
      }
      default -> {}
    }
  }

  private static FairQueue.QueuedKey queuedKey(Job job) {
    return new FairQueue.QueuedKey(job.priority().rank(), job.id());
  }

  private void remove(Job job) {
    switch (job.state()) {
      case QUEUED -> {
        FairQueue queue = queued.get(job.queue());
        if (queue != null) {
          queue.remove(tenantKey(job.tenantId()), queuedKey(job));
        }
      }
      case SCHEDULED -> scheduled.remove(new DueKey(job.runAt(), job.id()));
      case PROCESSING -> {
        if (processing.remove(job.id())) {
          runningByTenant.merge(tenantKey(job.tenantId()), -1, (a, b) -> a + b == 0 ? null : a + b);
        }
      }
      default -> {}
    }
  }
}
