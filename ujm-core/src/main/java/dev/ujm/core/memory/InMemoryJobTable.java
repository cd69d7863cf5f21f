package dev.ujm.core.memory;

import static dev.ujm.core.model.JobState.CANCELLED;
import static dev.ujm.core.model.JobState.COMPLETED;
import static dev.ujm.core.model.JobState.FAILED;
import static dev.ujm.core.model.JobState.PROCESSING;
import static dev.ujm.core.model.JobState.QUEUED;
import static dev.ujm.core.model.JobState.SCHEDULED;
import static dev.ujm.core.model.JobState.WAITING;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.InvalidJobException.Reason;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobBuilder;
import dev.ujm.core.model.JobError;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobIds;
import dev.ujm.core.model.JobNotFoundException;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.JobUpdate;
import dev.ujm.core.model.Lease;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.Priority;
import dev.ujm.core.model.StaleLeaseException;
import dev.ujm.core.store.SubmitResult;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The data of {@link InMemoryJobStore} and the one way it changes: {@link #move} checks a state
 * change against the table in {@link JobState}, stores the next snapshot, appends its audit event
 * and queues its listener update. Also the rules shared by several store methods: submitting, the
 * lease fence, and the dependency cascades. Not thread-safe: the store calls it under its lock.
 */
final class InMemoryJobTable {
  static final String WORKER = "worker";
  static final String SYSTEM = "system";

  private final InstantSource clock;
  private final JobIds ids;
  private final NavigableMap<String, Job> jobs = new TreeMap<>();
  private final Map<String, List<JobEvent>> events = new HashMap<>();
  private final Map<String, List<JsonNode>> results = new HashMap<>();
  private final InMemoryJobIndex index = new InMemoryJobIndex();
  private final List<JobUpdate> pending = new ArrayList<>();

  InMemoryJobTable(InstantSource clock) {
    this.clock = clock;
    this.ids = new JobIds(clock);
  }

  Instant now() {
    return clock.instant();
  }

  /** Every job by id; ids are time-ordered, so this is submission order. */
  NavigableMap<String, Job> jobs() {
    return jobs;
  }

  InMemoryJobIndex index() {
    return index;
  }

  /** The job, or null. */
  Job get(String jobId) {
    return jobs.get(jobId);
  }

  /** The job, or {@link JobNotFoundException}. */
  Job existing(String jobId) {
    Job job = jobs.get(jobId);
    if (job == null) {
      throw new JobNotFoundException(jobId);
    }
    return job;
  }

  /**
   * The job under this lease, or a {@link StaleLeaseException} when the lease is no longer current.
   */
  Job current(Lease lease) {
    Job job = existing(lease.jobId());
    if (!isCurrent(job, lease)) {
      throw new StaleLeaseException(lease);
    }
    return job;
  }

  /** Whether the job is processing under exactly this lease's worker and attempt. */
  static boolean isCurrent(Job job, Lease lease) {
    return job != null
        && job.state() == PROCESSING
        && job.attempt() == lease.attempt()
        && job.workerId() != null
        && job.workerId().equals(lease.workerId());
  }

  /**
   * Checks the move against the table, stores the next snapshot, appends its event and queues its
   * update. The event's worker is the one holding or taking the job in this change. Callers check
   * everything that may throw before their first move, so a method that throws has changed nothing.
   */
  Job move(Job job, JobState to, String actor, String reason, UnaryOperator<JobBuilder> change) {
    job.state().checkMoveTo(to, job.id());
    Instant now = clock.instant();
    Job next = change.apply(job.toBuilder().state(to).updatedAt(now)).build();
    replace(job, next);
    String worker = next.workerId() != null ? next.workerId() : job.workerId();
    JobEvent event =
        new JobEvent(job.id(), job.state(), to, next.attempt(), worker, actor, reason, now);
    events.get(job.id()).add(event);
    pending.add(new JobUpdate(next, event));
    return next;
  }

  /** Stores a snapshot that changes no state (progress, checkpoint, lease extension). */
  void replace(Job before, Job after) {
    jobs.put(after.id(), after);
    index.replace(before, after);
  }

  /** Queues a listener update that is not a state change (progress). */
  void announce(JobUpdate update) {
    pending.add(update);
  }

  /**
   * The updates of the change in progress, handed over once; the store delivers them after
   * committing.
   */
  List<JobUpdate> drainUpdates() {
    List<JobUpdate> out = List.copyOf(pending);
    pending.clear();
    return out;
  }

  /** Stores a new job, or returns the existing one for a repeated idempotency key. */
  SubmitResult insert(NewJob job) {
    String existingId = index.idempotent(job.tenantId(), job.idempotencyKey());
    if (existingId != null) {
      return new SubmitResult(jobs.get(existingId), false);
    }
    boolean open = checkNew(job);
    Instant now = clock.instant();
    JobState state =
        open ? WAITING : job.runAt() != null && job.runAt().isAfter(now) ? SCHEDULED : QUEUED;
    Job stored =
        new JobBuilder()
            .id(ids.next())
            .type(job.type())
            .queue(job.queue() == null ? job.type() : job.queue())
            .priority(job.priority() == null ? Priority.MEDIUM : job.priority())
            .tenantId(job.tenantId())
            .ownerId(job.ownerId())
            .payload(
                job.payload() == null
                    ? JsonNodeFactory.instance.objectNode()
                    : job.payload().deepCopy())
            .state(state)
            .maxAttempts(job.maxAttempts() == null ? 3 : job.maxAttempts())
            .runAt(job.runAt())
            .timeoutSeconds(job.timeoutSeconds())
            .idempotencyKey(job.idempotencyKey())
            .dependsOn(job.dependsOn())
            .tags(job.tags())
            .createdAt(now)
            .updatedAt(now)
            .build();
    jobs.put(stored.id(), stored);
    index.added(stored);
    JobEvent event =
        new JobEvent(
            stored.id(),
            null,
            state,
            0,
            null,
            job.actor() == null ? SYSTEM : job.actor(),
            "submitted",
            now);
    events.put(stored.id(), new ArrayList<>(List.of(event)));
    pending.add(new JobUpdate(stored, event));
    return new SubmitResult(stored, true);
  }

  /**
   * Checks a new job's type and dependencies without storing anything; returns whether a dependency
   * is still open.
   *
   * @throws InvalidJobException for a missing type, or a dependency that does not exist or has
   *     failed or been cancelled
   */
  boolean checkNew(NewJob job) {
    if (job.type() == null || job.type().isBlank()) {
      throw new InvalidJobException(Reason.UNKNOWN_TYPE, "type", "a job type is required");
    }
    boolean open = false;
    for (String dependency : job.dependsOn()) {
      Job d = jobs.get(dependency);
      if (d == null) {
        throw new InvalidJobException(
            Reason.INVALID_OPTION, "dependsOn", "no job with id " + dependency);
      }
      if (d.state() == FAILED || d.state() == CANCELLED) {
        throw new InvalidJobException(
            Reason.INVALID_OPTION,
            "dependsOn",
            "job " + dependency + " has already " + d.state().wireName());
      }
      open |= d.state() != COMPLETED;
    }
    return open;
  }

  /** Whether a job with this tenant and idempotency key exists. */
  boolean isRepeat(NewJob job) {
    return index.idempotent(job.tenantId(), job.idempotencyKey()) != null;
  }

  /**
   * Moves the waiting dependents of a completed job whose dependencies are now all done: to queued,
   * or to scheduled while their run time is ahead. A dependency that no longer exists was purged
   * after completing.
   */
  void releaseDependents(Job completed) {
    Instant now = clock.instant();
    for (String id : index.dependentsOf(completed.id())) {
      Job dependent = jobs.get(id);
      if (dependent == null
          || dependent.state() != WAITING
          || !allCompleted(dependent.dependsOn())) {
        continue;
      }
      boolean later = dependent.runAt() != null && dependent.runAt().isAfter(now);
      move(dependent, later ? SCHEDULED : QUEUED, SYSTEM, "dependencies completed", b -> b);
    }
  }

  private boolean allCompleted(List<String> dependencies) {
    for (String id : dependencies) {
      Job d = jobs.get(id);
      if (d != null && d.state() != COMPLETED) {
        return false;
      }
    }
    return true;
  }

  /**
   * Cancels, transitively, every waiting job that depends on a job that failed or was cancelled.
   */
  void cancelDependents(Job stopped) {
    Deque<Job> work = new ArrayDeque<>(List.of(stopped));
    while (!work.isEmpty()) {
      Job cause = work.pop();
      String reason = "dependency " + cause.id() + " " + cause.state().wireName();
      for (String id : index.dependentsOf(cause.id())) {
        Job dependent = jobs.get(id);
        if (dependent != null && dependent.state() == WAITING) {
          work.push(move(dependent, CANCELLED, SYSTEM, reason, b -> b.finishedAt(clock.instant())));
        }
      }
    }
  }

  /** The audit trail of an existing job, oldest first. */
  List<JobEvent> history(String jobId) {
    existing(jobId);
    return List.copyOf(events.get(jobId));
  }

  /** The result items of a job, in append order. */
  List<JsonNode> results(String jobId) {
    return results.getOrDefault(jobId, List.of());
  }

  /** Appends copies of result items to a job's list. */
  void appendResults(String jobId, List<JsonNode> items) {
    List<JsonNode> list = results.computeIfAbsent(jobId, id -> new ArrayList<>());
    items.forEach(item -> list.add(copy(item)));
  }

  /** Deletes a job with its events, results and index entries. */
  void delete(Job job) {
    jobs.remove(job.id());
    events.remove(job.id());
    results.remove(job.id());
    index.deleted(job);
  }

  static List<JobError> appended(List<JobError> errors, JobError error) {
    List<JobError> next = new ArrayList<>(errors);
    next.add(error);
    return next;
  }

  static JsonNode copy(JsonNode node) {
    return node == null ? null : node.deepCopy();
  }
}
