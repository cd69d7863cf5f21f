package dev.ujm.core.memory;

import static dev.ujm.core.model.JobState.PROCESSING;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.IdempotencyConflictException;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobIds;
import dev.ujm.core.model.JobNotFoundException;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.JobUpdate;
import dev.ujm.core.model.Lease;
import dev.ujm.core.model.MoveArgs;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.StaleLeaseException;
import dev.ujm.core.model.Transition;
import dev.ujm.core.model.Transition.Move;
import dev.ujm.core.store.SubmitResult;
import dev.ujm.core.tenant.Tenant;
import dev.ujm.core.workflow.DependencyCascade;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The data of {@link InMemoryJobStore} and the one way it changes: {@link #move} checks a state
 * change against the table in {@link JobState}, stores the next snapshot, appends its audit event
 * and queues its listener update. Also the rules shared by several store methods: submitting, the
 * lease fence, and the dependency cascades. Not thread-safe: the store calls it under its lock.
 */
final class InMemoryJobTable {
  private final InstantSource clock;
  private final JobIds ids;
  private final NavigableMap<String, Job> jobs = new TreeMap<>();
  private final Map<String, List<JobEvent>> events = new HashMap<>();
  private final Map<String, List<JsonNode>> results = new HashMap<>();
  private final InMemoryJobIndex index = new InMemoryJobIndex();
  private final List<JobUpdate> pending = new ArrayList<>();
  private final Deque<FollowUp> followUps = new ArrayDeque<>();
  private final InMemoryWorkflows workflows = new InMemoryWorkflows();
  private final InMemorySchedules schedules = new InMemorySchedules();
  private final Map<String, Tenant> tenants = new TreeMap<>();
  private final InMemoryUsage usage = new InMemoryUsage();
  private final InMemoryJobMetrics.Rows metrics = new InMemoryJobMetrics.Rows();
  private final DependencyCascade cascade;

  /**
   * What is left to do after a move: the cascade over the jobs that depend on {@code jobId}.
   * Running one is idempotent, and checks again that the job still ended the way that asks for it.
   */
  record FollowUp(DependencyCascade.Kind kind, String jobId) {
    static FollowUp released(Job completed) {
      return new FollowUp(DependencyCascade.Kind.RELEASE_DEPENDENTS, completed.id());
    }

    static FollowUp stopped(Job failedOrCancelled) {
      return new FollowUp(DependencyCascade.Kind.CANCEL_DEPENDENTS, failedOrCancelled.id());
    }

    static FollowUp retried(Job retried) {
      return new FollowUp(DependencyCascade.Kind.REARM_DEPENDENTS, retried.id());
    }
  }

  InMemoryJobTable(InstantSource clock) {
    this.clock = clock;
    this.ids = new JobIds(clock);
    this.cascade = new DependencyCascade(new Graph());
  }

  /** The cascade's view of this table: lookups in the maps, moves through {@link #move}. */
  private final class Graph implements DependencyCascade.Graph {
    @Override
    public Job job(String jobId) {
      return jobs.get(jobId);
    }

    @Override
    public List<String> dependentsOf(String jobId) {
      return List.copyOf(index.dependentsOf(jobId));
    }

    @Override
    public Transition lastTransition(String jobId) {
      return InMemoryJobTable.this.lastTransition(jobId);
    }

    @Override
    public Job move(Job job, Transition transition, MoveArgs args) {
      return InMemoryJobTable.this.move(job, transition, args);
    }

    @Override
    public Map<String, String> refs(String workflowId) {
      return workflows.refs(workflowId);
    }

    @Override
    public Instant now() {
      return clock.instant();
    }
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

  InMemoryWorkflows workflows() {
    return workflows;
  }

  InMemorySchedules schedules() {
    return schedules;
  }

  /** The tenant records by id. */
  Map<String, Tenant> tenants() {
    return tenants;
  }

  /** The metered usage, counted with every move. */
  InMemoryUsage usage() {
    return usage;
  }

  /** The job metrics, counted with every move. */
  InMemoryJobMetrics.Rows metrics() {
    return metrics;
  }

  /** A new time-ordered id (for workflows and schedules too). */
  String nextId() {
    return ids.next();
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
   * Makes one named move ({@link Transition#apply}: checked against the table, the next snapshot
   * and its audit event computed there), stores the snapshot, appends the event and queues its
   * update. Callers check everything that may throw before their first move, so a method that
   * throws has changed nothing.
   */
  Job move(Job job, Transition transition, MoveArgs args) {
    Instant now = clock.instant();
    Move move = transition.apply(job, args, now);
    usage.moved(job, move.job(), now);
    replace(job, move.job());
    events.get(job.id()).add(move.event());
    JobUpdate update = new JobUpdate(move.job(), move.event());
    metrics.moved(update);
    pending.add(update);
    return move.job();
  }

  /** The named move of a job's last audit event, or null. */
  Transition lastTransition(String jobId) {
    List<JobEvent> trail = events.get(jobId);
    return trail == null || trail.isEmpty() ? null : trail.get(trail.size() - 1).transition();
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

  /**
   * Stores a new job, or returns the existing one for a repeated idempotency key of the same owner.
   *
   * @throws IdempotencyConflictException when the key's job belongs to another owner
   */
  SubmitResult insert(NewJob job) {
    Job existing = repeatOf(job);
    if (existing != null) {
      return new SubmitResult(existing, false);
    }
    boolean open = checkNew(job);
    Instant now = clock.instant();
    NewJob copied =
        job.payload() == null ? job : job.toBuilder().payload(job.payload().deepCopy()).build();
    boolean judgedAfter = DependencyCascade.judgedAfterSubmit(job);
    Move move =
        Transition.submitted(
            judgedAfter ? Transition.SUBMIT_WAITING : Transition.forNewJob(open, job.runAt(), now),
            copied,
            ids.next(),
            now);
    Job stored = move.job();
    jobs.put(stored.id(), stored);
    index.added(stored);
    usage.submitted(stored);
    events.put(stored.id(), new ArrayList<>(List.of(move.event())));
    pending.add(new JobUpdate(stored, move.event()));
    if (judgedAfter) {
      // A job with a rule waits, then is judged in the same step (it may run at once, or its
      // condition may already be false).
      stored = settle(stored, null);
    }
    return new SubmitResult(stored, true);
  }

  /**
   * The job an idempotent repeat returns, or null when the job is new.
   *
   * @throws IdempotencyConflictException when the key's job belongs to another owner
   */
  Job repeatOf(NewJob job) {
    String existingId = index.idempotent(job.tenantId(), job.idempotencyKey());
    if (existingId == null) {
      return null;
    }
    Job existing = jobs.get(existingId);
    if (!Objects.equals(existing.ownerId(), job.ownerId())) {
      throw new IdempotencyConflictException(job.idempotencyKey());
    }
    return existing;
  }

  /**
   * Checks a new job's type and dependencies without storing anything; returns whether a dependency
   * is still open ({@link DependencyCascade#checkNew}).
   */
  boolean checkNew(NewJob job) {
    return cascade.checkNew(job);
  }

  /** Judges one waiting job by its rule and its parents now ({@link DependencyCascade#settle}). */
  Job settle(Job dependent, Job cause) {
    return cascade.settle(dependent, cause);
  }

  /** Makes a follow-up now, if the job still ended the way it asks for. */
  void run(FollowUp followUp) {
    cascade.run(followUp.kind(), followUp.jobId());
  }

  /** Records a follow-up to make later, oldest first. */
  void record(FollowUp followUp) {
    followUps.add(followUp);
  }

  boolean hasFollowUps() {
    return !followUps.isEmpty();
  }

  /** Makes up to {@code limit} recorded follow-ups, oldest first; returns how many. */
  int finishFollowUps(int limit) {
    int done = 0;
    while (done < limit && !followUps.isEmpty()) {
      run(followUps.poll());
      done++;
    }
    return done;
  }

  /** The move a retry of this job makes ({@link DependencyCascade#retryMove}). */
  Transition retryMove(Job job) {
    return cascade.retryMove(job);
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
    usage.resultItems(jobs.get(jobId), items, clock.instant());
  }

  /** Deletes a job with its events, results and index entries. */
  void delete(Job job) {
    jobs.remove(job.id());
    events.remove(job.id());
    results.remove(job.id());
    index.deleted(job);
    usage.deleted(job);
  }

  static JsonNode copy(JsonNode node) {
    return node == null ? null : node.deepCopy();
  }
}
