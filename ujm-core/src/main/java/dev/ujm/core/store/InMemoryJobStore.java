package dev.ujm.core.store;

import static dev.ujm.core.JobState.CANCELLED;
import static dev.ujm.core.JobState.COMPLETED;
import static dev.ujm.core.JobState.FAILED;
import static dev.ujm.core.JobState.PROCESSING;
import static dev.ujm.core.JobState.QUEUED;
import static dev.ujm.core.JobState.SCHEDULED;
import static dev.ujm.core.JobState.WAITING;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ujm.core.IllegalTransitionException;
import dev.ujm.core.InvalidJobException;
import dev.ujm.core.InvalidJobException.Reason;
import dev.ujm.core.Job;
import dev.ujm.core.JobBuilder;
import dev.ujm.core.JobError;
import dev.ujm.core.JobEvent;
import dev.ujm.core.JobIds;
import dev.ujm.core.JobNotFoundException;
import dev.ujm.core.JobState;
import dev.ujm.core.JobUpdate;
import dev.ujm.core.Lease;
import dev.ujm.core.NewJob;
import dev.ujm.core.Priority;
import dev.ujm.core.Progress;
import dev.ujm.core.StaleLeaseException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference {@link JobStore}: everything in memory under one lock. It is the executable definition of the
 * storage contract; the other stores copy its behaviour and the contract suite in {@code ujm-store-tck} checks them
 * all alike. Nothing survives a restart, so it suits tests and applications that accept losing queued work.
 *
 * <p>Rules every store follows (beyond the {@link JobStore} Javadoc):
 *
 * <ul>
 *   <li><b>Submit</b>: queue defaults to the type, priority to medium, max attempts to 3, a null payload to {@code {}}.
 *       Open dependencies win over the run time: a job with a dependency not yet completed is {@code waiting}; else a
 *       {@code runAt} after now makes it {@code scheduled}; else it is {@code queued}. When its last dependency
 *       completes it moves to {@code queued}, or to {@code scheduled} if its run time is still ahead. A dependency
 *       that no longer exists (purged after completing) counts as completed.
 *   <li><b>Claim</b> sets attempt + 1, the worker id, {@code leaseUntil = now + lease}, and {@code startedAt} on the
 *       first attempt only (it keeps the instant the job first began).
 *   <li><b>Worker and lease fields</b>: {@code leaseUntil} is set only while processing. The worker id is cleared when
 *       a job goes back to queued or scheduled, and kept (the last worker) in final states.
 *   <li><b>Heartbeat</b> extends a lease while the job is processing under the same worker and attempt, even if the
 *       lease has already run out but the job has not yet been requeued.
 *   <li><b>Oldest queued age</b> is measured from the instant a job last entered {@code queued} (its {@code
 *       updatedAt}: nothing changes a queued job but a move), in whole seconds, never negative.
 *   <li><b>Cursors</b>: {@code find} pages by id (the last id of the page); {@code results} by item index.
 *   <li>Progress and checkpoint writes update {@code updatedAt}; heartbeats do not. Progress notifies listeners
 *       with a null transition; checkpoints, heartbeats and result items notify nobody and write no event.
 * </ul>
 *
 * <p>The audit trail: every state change appends one {@link JobEvent} whose {@code workerId} is the worker that
 * holds or takes the job in that change (null when none), with these actors and reasons:
 *
 * <pre>
 * change                          actor                       reason
 * submit                          NewJob.actor or "system"    "submitted"
 * claim                           "worker"                    "claimed"
 * complete                        "worker"                    "completed"
 * fail, retry left                "worker"                    "retry scheduled"
 * fail, for good                  "worker"                    "failed"
 * release                         "worker"                    the given reason, or "released"
 * cancel                          request actor or "system"   request reason, or "cancelled"
 * retry                           the actor or "system"       "retried"
 * promoteDue                      "scheduler"                 "run time reached"
 * requeueExpired, attempts left   "orphan-reaper"             "lease expired"
 * requeueExpired, last attempt    "orphan-reaper"             "lease expired, attempts exhausted"
 * requeueHeldBy                   "system"                    the given reason
 * dependents released             "system"                    "dependencies completed"
 * dependents cancelled            "system"                    "dependency ID failed" / "dependency ID cancelled"
 * </pre>
 *
 * <p>Thread-safe: every method runs under one lock; listeners are called after the lock is released, on the thread
 * that made the change, in the order of that thread's changes.
 */
public final class InMemoryJobStore implements JobStore {
  private static final Logger LOG = LoggerFactory.getLogger(InMemoryJobStore.class);
  static final String WORKER = "worker";
  static final String SYSTEM = "system";

  private final InstantSource clock;
  private final JobIds ids;
  private final ReentrantLock lock = new ReentrantLock();
  private final NavigableMap<String, Job> jobs = new TreeMap<>();
  private final Map<String, List<JobEvent>> events = new HashMap<>();
  private final Map<String, List<JsonNode>> results = new HashMap<>();
  private final InMemoryJobIndex index = new InMemoryJobIndex();
  private final List<JobUpdate> pending = new ArrayList<>();
  private final List<Consumer<JobUpdate>> listeners = new CopyOnWriteArrayList<>();

  /** A store whose time, ids and leases all follow this clock. */
  public InMemoryJobStore(InstantSource clock) {
    this.clock = clock;
    this.ids = new JobIds(clock);
  }

  @Override
  public SubmitResult submit(NewJob job) {
    return write(() -> insert(job));
  }

  @Override
  public List<SubmitResult> submitAll(List<NewJob> batch) {
    return write(
        () -> {
          for (NewJob job : batch) {
            if (index.idempotent(job.tenantId(), job.idempotencyKey()) == null) {
              checkNew(job);
            }
          }
          List<SubmitResult> out = new ArrayList<>(batch.size());
          for (NewJob job : batch) {
            out.add(insert(job));
          }
          return out;
        });
  }

  @Override
  public List<Job> claim(ClaimRequest request) {
    if (request.limit() <= 0) {
      return List.of();
    }
    return write(
        () -> {
          Instant now = clock.instant();
          Instant until = now.plus(request.leaseDuration());
          List<Job> claimed = new ArrayList<>();
          for (String id : index.nextQueued(request.queue(), request.limit())) {
            Job job = jobs.get(id);
            claimed.add(
                move(
                    job,
                    PROCESSING,
                    WORKER,
                    "claimed",
                    b ->
                        b.attempt(job.attempt() + 1)
                            .workerId(request.workerId())
                            .leaseUntil(until)
                            .startedAt(job.startedAt() == null ? now : job.startedAt())));
          }
          return claimed;
        });
  }

  @Override
  public HeartbeatResult heartbeat(HeartbeatRequest request) {
    return write(
        () -> {
          Instant until = clock.instant().plus(request.leaseDuration());
          Set<String> lost = new LinkedHashSet<>();
          Set<String> cancelled = new LinkedHashSet<>();
          for (Lease lease : request.leases()) {
            Job job = jobs.get(lease.jobId());
            if (isCurrent(job, lease)) {
              replace(job, job.toBuilder().leaseUntil(until).build());
            } else {
              lost.add(lease.jobId());
              if (job != null && job.state() == CANCELLED) {
                cancelled.add(lease.jobId());
              }
            }
          }
          return new HeartbeatResult(Set.copyOf(lost), Set.copyOf(cancelled));
        });
  }

  @Override
  public Job progress(Lease lease, Progress progress) {
    return write(
        () -> {
          Job next = current(lease).toBuilder().progress(progress).updatedAt(clock.instant()).build();
          replace(jobs.get(lease.jobId()), next);
          pending.add(new JobUpdate(next, null));
          return next;
        });
  }

  @Override
  public Job checkpoint(Lease lease, JsonNode checkpoint) {
    return write(
        () -> {
          Job job = current(lease);
          Job next = job.toBuilder().checkpoint(copy(checkpoint)).updatedAt(clock.instant()).build();
          replace(job, next);
          return next;
        });
  }

  @Override
  public Job complete(Lease lease, JsonNode result) {
    return write(
        () -> {
          Job done =
              move(
                  current(lease),
                  COMPLETED,
                  WORKER,
                  "completed",
                  b -> b.result(copy(result)).finishedAt(clock.instant()).leaseUntil(null));
          releaseDependents(done);
          return done;
        });
  }

  @Override
  public Job fail(FailRequest request) {
    return write(
        () -> {
          Job job = current(request.lease());
          List<JobError> errors = appended(job.errors(), request.error());
          if (request.retryAt() != null && job.attempt() < job.maxAttempts()) {
            return move(
                job,
                SCHEDULED,
                WORKER,
                "retry scheduled",
                b -> b.errors(errors).runAt(request.retryAt()).workerId(null).leaseUntil(null));
          }
          Job failed =
              move(job, FAILED, WORKER, "failed", b -> b.errors(errors).finishedAt(clock.instant()).leaseUntil(null));
          cancelDependents(failed);
          return failed;
        });
  }

  @Override
  public Job release(Lease lease, String reason) {
    return write(
        () -> {
          Job job = current(lease);
          return move(
              job,
              QUEUED,
              WORKER,
              reason == null ? "released" : reason,
              b -> b.attempt(job.attempt() - 1).workerId(null).leaseUntil(null));
        });
  }

  @Override
  public Job cancel(CancelRequest request) {
    return write(
        () -> {
          Job cancelled =
              move(
                  existing(request.jobId()),
                  CANCELLED,
                  request.actor() == null ? SYSTEM : request.actor(),
                  request.reason() == null ? "cancelled" : request.reason(),
                  b -> b.finishedAt(clock.instant()).leaseUntil(null));
          cancelDependents(cancelled);
          return cancelled;
        });
  }

  @Override
  public Job retry(String jobId, String actor) {
    return write(
        () -> {
          Job job = existing(jobId);
          if (job.state() != FAILED && job.state() != CANCELLED) {
            throw new IllegalTransitionException(jobId, job.state(), QUEUED);
          }
          return move(
              job,
              QUEUED,
              actor == null ? SYSTEM : actor,
              "retried",
              b -> b.maxAttempts(job.attempt() + 1).runAt(null).finishedAt(null).workerId(null).leaseUntil(null));
        });
  }

  @Override
  public Optional<Job> get(String jobId) {
    return read(() -> Optional.ofNullable(jobs.get(jobId)));
  }

  @Override
  public List<Job> getAll(Collection<String> jobIds) {
    return read(() -> jobIds.stream().map(jobs::get).filter(j -> j != null).toList());
  }

  @Override
  public Page<Job> find(JobQuery query) {
    return read(() -> InMemoryQueries.find(jobs, query));
  }

  @Override
  public List<JobEvent> history(String jobId) {
    return read(
        () -> {
          existing(jobId);
          return List.copyOf(events.get(jobId));
        });
  }

  @Override
  public int promoteDue(int limit) {
    return write(
        () -> {
          List<String> due = index.due(clock.instant(), limit);
          for (String id : due) {
            move(jobs.get(id), QUEUED, "scheduler", "run time reached", b -> b);
          }
          return due.size();
        });
  }

  @Override
  public int requeueExpired(int limit) {
    return write(
        () -> {
          Instant now = clock.instant();
          int count = 0;
          for (String id : index.processing()) {
            Job job = jobs.get(id);
            if (count >= limit) {
              break;
            }
            if (job.leaseUntil() == null || !job.leaseUntil().isBefore(now)) {
              continue;
            }
            List<JobError> errors =
                appended(
                    job.errors(),
                    new JobError(
                        "lease-expired",
                        "the lease of worker " + job.workerId() + " expired at " + job.leaseUntil(),
                        job.attempt(),
                        now));
            if (job.attempt() < job.maxAttempts()) {
              move(job, QUEUED, "orphan-reaper", "lease expired", b -> b.errors(errors).workerId(null).leaseUntil(null));
            } else {
              Job failed =
                  move(
                      job,
                      FAILED,
                      "orphan-reaper",
                      "lease expired, attempts exhausted",
                      b -> b.errors(errors).finishedAt(now).leaseUntil(null));
              cancelDependents(failed);
            }
            count++;
          }
          return count;
        });
  }

  @Override
  public int requeueHeldBy(String workerIdPrefix, String reason) {
    if (workerIdPrefix == null || workerIdPrefix.isEmpty()) {
      throw new IllegalArgumentException("a worker id prefix is required");
    }
    return write(
        () -> {
          int count = 0;
          for (String id : index.processing()) {
            Job job = jobs.get(id);
            if (job.workerId() != null && job.workerId().startsWith(workerIdPrefix)) {
              move(job, QUEUED, SYSTEM, reason, b -> b.attempt(job.attempt() - 1).workerId(null).leaseUntil(null));
              count++;
            }
          }
          return count;
        });
  }

  @Override
  public int purge(Instant finishedBefore, int limit) {
    return write(
        () -> {
          List<Job> doomed = new ArrayList<>();
          for (Job job : jobs.values()) {
            if (doomed.size() >= limit) {
              break;
            }
            if (job.state().isFinal() && job.finishedAt() != null && job.finishedAt().isBefore(finishedBefore)) {
              doomed.add(job);
            }
          }
          for (Job job : doomed) {
            jobs.remove(job.id());
            events.remove(job.id());
            results.remove(job.id());
            index.deleted(job);
          }
          return doomed.size();
        });
  }

  @Override
  public StoreStats stats() {
    return read(() -> InMemoryQueries.stats(jobs.values(), clock.instant()));
  }

  @Override
  public void appendResults(Lease lease, List<JsonNode> items) {
    write(
        () -> {
          current(lease);
          List<JsonNode> list = results.computeIfAbsent(lease.jobId(), id -> new ArrayList<>());
          items.forEach(item -> list.add(copy(item)));
          return null;
        });
  }

  @Override
  public Page<JsonNode> results(String jobId, String cursor, int limit) {
    return read(
        () -> {
          existing(jobId);
          return InMemoryQueries.page(results.getOrDefault(jobId, List.of()), cursor, limit);
        });
  }

  @Override
  public void addListener(Consumer<JobUpdate> listener) {
    listeners.add(listener);
  }

  @Override
  public void close() {
    // Nothing to release: the jobs live and die with this object.
  }

  // ---- the one way jobs change ----

  /**
   * Checks the move against the table, stores the next snapshot, appends its event and queues its notification.
   * Callers check everything that may throw before their first move, so a method that throws has changed nothing.
   */
  private Job move(Job job, JobState to, String actor, String reason, UnaryOperator<JobBuilder> change) {
    job.state().checkMoveTo(to, job.id());
    Instant now = clock.instant();
    Job next = change.apply(job.toBuilder().state(to).updatedAt(now)).build();
    replace(job, next);
    String worker = next.workerId() != null ? next.workerId() : job.workerId();
    JobEvent event = new JobEvent(job.id(), job.state(), to, next.attempt(), worker, actor, reason, now);
    events.get(job.id()).add(event);
    pending.add(new JobUpdate(next, event));
    return next;
  }

  private void replace(Job before, Job after) {
    jobs.put(after.id(), after);
    index.replace(before, after);
  }

  private SubmitResult insert(NewJob job) {
    String existingId = index.idempotent(job.tenantId(), job.idempotencyKey());
    if (existingId != null) {
      return new SubmitResult(jobs.get(existingId), false);
    }
    boolean open = checkNew(job);
    Instant now = clock.instant();
    JobState state = open ? WAITING : job.runAt() != null && job.runAt().isAfter(now) ? SCHEDULED : QUEUED;
    Job stored =
        new JobBuilder()
            .id(ids.next())
            .type(job.type())
            .queue(job.queue() == null ? job.type() : job.queue())
            .priority(job.priority() == null ? Priority.MEDIUM : job.priority())
            .tenantId(job.tenantId())
            .ownerId(job.ownerId())
            .payload(job.payload() == null ? JsonNodeFactory.instance.objectNode() : job.payload().deepCopy())
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
        new JobEvent(stored.id(), null, state, 0, null, job.actor() == null ? SYSTEM : job.actor(), "submitted", now);
    events.put(stored.id(), new ArrayList<>(List.of(event)));
    pending.add(new JobUpdate(stored, event));
    return new SubmitResult(stored, true);
  }

  /** Checks a new job's type and dependencies; returns whether any dependency is still open. */
  private boolean checkNew(NewJob job) {
    if (job.type() == null || job.type().isBlank()) {
      throw new InvalidJobException(Reason.UNKNOWN_TYPE, "type", "a job type is required");
    }
    boolean open = false;
    for (String dependency : job.dependsOn()) {
      Job d = jobs.get(dependency);
      if (d == null) {
        throw new InvalidJobException(Reason.INVALID_OPTION, "dependsOn", "no job with id " + dependency);
      }
      if (d.state() == FAILED || d.state() == CANCELLED) {
        throw new InvalidJobException(
            Reason.INVALID_OPTION, "dependsOn", "job " + dependency + " has already " + d.state().wireName());
      }
      open |= d.state() != COMPLETED;
    }
    return open;
  }

  /** Moves the waiting dependents of a completed job whose dependencies are now all done. */
  private void releaseDependents(Job completed) {
    Instant now = clock.instant();
    for (String id : index.dependentsOf(completed.id())) {
      Job dependent = jobs.get(id);
      if (dependent == null || dependent.state() != WAITING || !allCompleted(dependent.dependsOn())) {
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

  /** Cancels, transitively, every waiting job that depends on a job that failed or was cancelled. */
  private void cancelDependents(Job stopped) {
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

  private Job existing(String jobId) {
    Job job = jobs.get(jobId);
    if (job == null) {
      throw new JobNotFoundException(jobId);
    }
    return job;
  }

  /** The job under this lease, or a {@link StaleLeaseException} when the lease is no longer current. */
  private Job current(Lease lease) {
    Job job = existing(lease.jobId());
    if (!isCurrent(job, lease)) {
      throw new StaleLeaseException(lease);
    }
    return job;
  }

  private static boolean isCurrent(Job job, Lease lease) {
    return job != null
        && job.state() == PROCESSING
        && job.attempt() == lease.attempt()
        && job.workerId() != null
        && job.workerId().equals(lease.workerId());
  }

  private static List<JobError> appended(List<JobError> errors, JobError error) {
    List<JobError> next = new ArrayList<>(errors);
    next.add(error);
    return next;
  }

  private static JsonNode copy(JsonNode node) {
    return node == null ? null : node.deepCopy();
  }

  // ---- locking and notification ----

  private <T> T read(Supplier<T> body) {
    lock.lock();
    try {
      return body.get();
    } finally {
      lock.unlock();
    }
  }

  private <T> T write(Supplier<T> body) {
    List<JobUpdate> updates;
    T out;
    lock.lock();
    try {
      try {
        out = body.get();
      } finally {
        updates = List.copyOf(pending);
        pending.clear();
      }
    } finally {
      lock.unlock();
    }
    notify(updates);
    return out;
  }

  private void notify(List<JobUpdate> updates) {
    for (JobUpdate update : updates) {
      for (Consumer<JobUpdate> listener : listeners) {
        try {
          listener.accept(update);
        } catch (RuntimeException e) {
          LOG.warn("a job listener failed on job {}", update.job().id(), e);
        }
      }
    }
  }
}
