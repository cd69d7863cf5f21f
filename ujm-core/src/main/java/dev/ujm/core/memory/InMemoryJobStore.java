package dev.ujm.core.memory;

import static dev.ujm.core.memory.InMemoryJobTable.copy;
import static dev.ujm.core.model.JobState.CANCELLED;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.analytics.JobMetrics;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobError;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobNotFoundException;
import dev.ujm.core.model.JobUpdate;
import dev.ujm.core.model.Lease;
import dev.ujm.core.model.MoveArgs;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.Progress;
import dev.ujm.core.model.PurgedJob;
import dev.ujm.core.model.Transition;
import dev.ujm.core.schedule.ScheduleStore;
import dev.ujm.core.store.CancelRequest;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.CompletedAndClaimed;
import dev.ujm.core.store.FailRequest;
import dev.ujm.core.store.HeartbeatRequest;
import dev.ujm.core.store.HeartbeatResult;
import dev.ujm.core.store.JobQuery;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.store.Page;
import dev.ujm.core.store.StoreCapability;
import dev.ujm.core.store.StoreStats;
import dev.ujm.core.store.SubmitResult;
import dev.ujm.core.tenant.TenantDefaults;
import dev.ujm.core.tenant.TenantStore;
import dev.ujm.core.workflow.WorkflowStore;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference {@link JobStore}: everything in memory under one lock. It is the executable
 * definition of the storage contract; the other stores copy its behaviour and the contract suite in
 * {@code ujm-store-tck} checks them all alike. Nothing survives a restart, so it suits tests and
 * applications that accept losing queued work.
 *
 * <p>Rules every store follows (beyond the {@link JobStore} Javadoc):
 *
 * <ul>
 *   <li><b>Submit</b>: queue defaults to the type, priority to medium, max attempts to 3, a null
 *       payload to {@code {}}. Open dependencies win over the run time: a job with a dependency not
 *       yet completed is {@code waiting}; else a {@code runAt} after now makes it {@code
 *       scheduled}; else it is {@code queued}. When its last dependency completes it moves to
 *       {@code queued}, or to {@code scheduled} if its run time is still ahead. A dependency that
 *       no longer exists (purged after completing) counts as completed.
 *   <li><b>Claim</b> sets attempt + 1, the worker id, {@code leaseUntil = now + lease}, and {@code
 *       startedAt} on the first attempt only (it keeps the instant the job first began).
 *   <li><b>Worker and lease fields</b>: {@code leaseUntil} is set only while processing. The worker
 *       id is cleared when a job goes back to queued or scheduled, and kept (the last worker) in
 *       final states.
 *   <li><b>Heartbeat</b> extends a lease while the job is processing under the same worker and
 *       attempt, even if the lease has already run out but the job has not yet been requeued.
 *   <li><b>Oldest queued age</b> is measured from the instant a job last entered {@code queued}
 *       (its {@code updatedAt}: nothing changes a queued job but a move), in whole seconds, never
 *       negative.
 *   <li><b>Cursors</b>: {@code find} pages by id (the last id of the page); {@code results} by item
 *       index.
 *   <li><b>Purge</b> keeps the audit trail of each job it deletes, event for event, with a {@link
 *       PurgedJob} saying whose it was; {@code history} answers from it until {@code purgeHistory}
 *       deletes it (counting from the job's {@code finishedAt}).
 *   <li>Progress and checkpoint writes update {@code updatedAt}; heartbeats do not. Progress
 *       notifies listeners with a null transition; checkpoints, heartbeats and result items notify
 *       nobody and write no event.
 * </ul>
 *
 * <p>The audit trail: every state change appends one {@link JobEvent}, computed with the next
 * snapshot by {@link Transition#apply}; the actors and reasons of every move are in that table.
 * Cancelled dependents name the job that stopped them ({@code dependency ID failed} / {@code
 * cancelled}).
 *
 * <p>Worker ids must be unique per process run: a release or a node's requeue gives the attempt
 * number back, so the next claim reuses it and only the worker id tells the two leases apart.
 *
 * <p>Thread-safe: every method runs under one lock. Listeners are called after the lock is
 * released, by a writing thread, one update at a time in commit order; a write returns only after
 * its own updates were delivered.
 */
public final class InMemoryJobStore implements JobStore {
  private static final Logger LOG = LoggerFactory.getLogger(InMemoryJobStore.class);

  /**
   * When the consequences of a move (the dependents' cascade) are made. The reference store
   * implements both shapes of the contract, so the suite can hold each of them.
   */
  public enum FollowUps {
    /** In the same locked step as the move ({@link StoreCapability#ATOMIC_FOLLOW_UPS}). */
    ATOMIC,
    /** Recorded with the move, finished in a step of their own right after it. */
    DEFERRED,
    /**
     * Recorded with the move and left for {@link #finishFollowUps}: a store whose process died
     * between every move and its follow-up. For the contract suite.
     */
    DEFERRED_UNTIL_ASKED
  }

  /**
   * The jobs, the audit trails of purged ones and the lock over them, which several store instances
   * (nodes) may share.
   */
  private record Data(
      InMemoryJobTable table, ReentrantLock lock, Map<String, PurgedTrail> purgedTrails) {
    Data(InstantSource clock) {
      this(new InMemoryJobTable(clock), new ReentrantLock(), new LinkedHashMap<>());
    }
  }

  private final Data data;
  private final InMemoryJobTable table;
  private final ReentrantLock lock;
  private final FollowUps followUps;
  private final Queue<JobUpdate> outbox = new ConcurrentLinkedQueue<>();
  private final ReentrantLock delivery = new ReentrantLock();
  private final List<Consumer<JobUpdate>> listeners = new CopyOnWriteArrayList<>();

  /** The audit trails of purged jobs, in purge order (oldest finish first within a purge). */
  private final Map<String, PurgedTrail> purgedTrails;

  private volatile TenantDefaults tenantDefaults = TenantDefaults.NONE;

  private record PurgedTrail(PurgedJob job, List<JobEvent> events) {}

  /** A store whose time, ids and leases all follow this clock. */
  public InMemoryJobStore(InstantSource clock) {
    this(new Data(clock), FollowUps.ATOMIC);
  }

  /** A store whose follow-ups are made as the given shape prescribes. */
  public InMemoryJobStore(InstantSource clock, FollowUps followUps) {
    this(new Data(clock), followUps);
  }

  private InMemoryJobStore(Data data, FollowUps followUps) {
    this.data = data;
    this.table = data.table();
    this.lock = data.lock();
    this.purgedTrails = data.purgedTrails();
    this.followUps = followUps;
  }

  /**
   * A second store on the same jobs, as a second node opening the same backend would see them (or
   * this store reopened after {@link #close()}: the jobs live as long as any store on them). It has
   * listeners of its own and makes follow-ups in the given shape.
   */
  public InMemoryJobStore openAnother(FollowUps shape) {
    return new InMemoryJobStore(data, shape);
  }

  @Override
  public SubmitResult submit(NewJob job) {
    return write(() -> table.insert(job));
  }

  @Override
  public List<SubmitResult> submitAll(List<NewJob> batch) {
    return write(
        () -> {
          for (NewJob job : batch) {
            if (table.repeatOf(job) == null) {
              table.checkNew(job);
            }
          }
          return batch.stream().map(table::insert).toList();
        });
  }

  @Override
  public List<Job> claim(ClaimRequest request) {
    if (request.limit() <= 0) {
      return List.of();
    }
    return write(() -> claimLocked(request));
  }

  /** The claim's moves; the caller holds the lock. */
  private List<Job> claimLocked(ClaimRequest request) {
    Instant now = table.now();
    Instant until = now.plus(request.leaseDuration());
    FairQueue queue = table.index().queued(request.queue());
    List<Job> claimed = new ArrayList<>();
    while (queue != null && claimed.size() < request.limit()) {
      String tenant = queue.nextTenant(this::mayRunMore);
      if (tenant == null) {
        break;
      }
      Job job = table.get(queue.first(tenant));
      claimed.add(table.move(job, Transition.CLAIM, MoveArgs.claim(request.workerId(), until)));
      queue.charge(tenant, job.cost() / tenantDefaults.weightOf(table.tenants().get(tenant)));
    }
    return claimed;
  }

  /** Whether a tenant (by its key in the fair order) is below its {@code maxRunning}. */
  private boolean mayRunMore(String tenantKey) {
    Integer limit = tenantDefaults.maxRunningOf(table.tenants().get(tenantKey));
    return limit == null || table.index().running(tenantKey) < limit;
  }

  /** What a tenant without a record, or whose record leaves them out, claims with. */
  void useTenantDefaults(TenantDefaults defaults) {
    this.tenantDefaults = defaults;
  }

  @Override
  public HeartbeatResult heartbeat(HeartbeatRequest request) {
    return write(
        () -> {
          Instant until = table.now().plus(request.leaseDuration());
          Set<String> lost = new LinkedHashSet<>();
          Set<String> cancelled = new LinkedHashSet<>();
          for (Lease lease : request.leases()) {
            Job job = table.get(lease.jobId());
            if (InMemoryJobTable.isCurrent(job, lease)) {
              table.replace(job, job.toBuilder().leaseUntil(until).build());
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
          Job job = table.current(lease);
          Job next = job.toBuilder().progress(progress).updatedAt(table.now()).build();
          table.replace(job, next);
          table.announce(new JobUpdate(next, null));
          return next;
        });
  }

  @Override
  public Job checkpoint(Lease lease, JsonNode checkpoint) {
    return write(
        () -> {
          Job job = table.current(lease);
          Job next = job.toBuilder().checkpoint(copy(checkpoint)).updatedAt(table.now()).build();
          table.replace(job, next);
          return next;
        });
  }

  @Override
  public Job complete(Lease lease, JsonNode result) {
    return write(() -> completeLocked(lease, result));
  }

  /** Under one lock: the completion, then (when it was not refused) the claim. */
  @Override
  public CompletedAndClaimed completeAndClaim(Lease lease, JsonNode result, ClaimRequest next) {
    return write(
        () -> {
          Job done = completeLocked(lease, result);
          return new CompletedAndClaimed(done, next.limit() <= 0 ? List.of() : claimLocked(next));
        });
  }

  /** The completion's move and its follow-up; the caller holds the lock. */
  private Job completeLocked(Lease lease, JsonNode result) {
    Job done = table.move(table.current(lease), Transition.COMPLETE, MoveArgs.result(copy(result)));
    followUp(InMemoryJobTable.FollowUp.released(done));
    return done;
  }

  @Override
  public Job fail(FailRequest request) {
    return write(
        () -> {
          Job job = table.current(request.lease());
          MoveArgs args = MoveArgs.error(request.error(), request.retryAt());
          if (request.retryAt() != null && job.attempt() < job.maxAttempts()) {
            return table.move(job, Transition.RETRY_LATER, args);
          }
          Job failed = table.move(job, Transition.FAIL, args);
          followUp(InMemoryJobTable.FollowUp.stopped(failed));
          return failed;
        });
  }

  @Override
  public Job release(Lease lease, String reason) {
    return write(
        () -> {
          return table.move(table.current(lease), Transition.RELEASE, MoveArgs.by(null, reason));
        });
  }

  @Override
  public Job cancel(CancelRequest request) {
    return write(
        () -> {
          Job cancelled =
              table.move(
                  table.existing(request.jobId()),
                  Transition.CANCEL,
                  MoveArgs.by(request.actor(), request.reason()));
          followUp(InMemoryJobTable.FollowUp.stopped(cancelled));
          return cancelled;
        });
  }

  @Override
  public Job cancelOwn(Lease lease, String reason) {
    return write(
        () -> {
          Job cancelled =
              table.move(table.current(lease), Transition.CANCEL_OWN, MoveArgs.by(null, reason));
          followUp(InMemoryJobTable.FollowUp.stopped(cancelled));
          return cancelled;
        });
  }

  @Override
  public Job retry(String jobId, String actor) {
    return write(
        () -> {
          Job job = table.existing(jobId);
          Transition retry = table.retryMove(job);
          Job retried = table.move(job, retry, MoveArgs.by(actor, null));
          followUp(InMemoryJobTable.FollowUp.retried(retried));
          return retried;
        });
  }

  @Override
  public Optional<Job> get(String jobId) {
    return read(() -> Optional.ofNullable(table.get(jobId)));
  }

  @Override
  public List<Job> getAll(Collection<String> jobIds) {
    return read(() -> jobIds.stream().map(table::get).filter(job -> job != null).toList());
  }

  @Override
  public Page<Job> find(JobQuery query) {
    return read(() -> InMemoryQueries.find(table.jobs(), query));
  }

  @Override
  public List<JobEvent> history(String jobId) {
    return read(
        () -> {
          if (table.get(jobId) != null) {
            return table.history(jobId);
          }
          PurgedTrail trail = purgedTrails.get(jobId);
          if (trail == null) {
            throw new JobNotFoundException(jobId);
          }
          return trail.events();
        });
  }

  @Override
  public Optional<PurgedJob> purged(String jobId) {
    return read(() -> Optional.ofNullable(purgedTrails.get(jobId)).map(PurgedTrail::job));
  }

  @Override
  public int promoteDue(int limit) {
    return write(
        () -> {
          List<String> due = table.index().due(table.now(), limit);
          for (String id : due) {
            table.move(table.get(id), Transition.PROMOTE, MoveArgs.defaults());
          }
          return due.size();
        });
  }

  @Override
  public int requeueExpired(int limit) {
    return write(
        () -> {
          Instant now = table.now();
          int count = 0;
          for (String id : table.index().processing()) {
            Job job = table.get(id);
            if (count >= limit) {
              break;
            }
            if (!job.leaseUntil().isBefore(now)) {
              continue;
            }
            JobError expired = JobError.leaseExpired(job, now);
            MoveArgs args = MoveArgs.error(expired, null);
            if (job.attempt() < job.maxAttempts()) {
              table.move(job, Transition.REQUEUE_EXPIRED, args);
            } else {
              followUp(InMemoryJobTable.FollowUp.stopped(table.move(job, Transition.EXPIRE, args)));
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
          for (String id : table.index().processing()) {
            Job job = table.get(id);
            if (job.workerId().startsWith(workerIdPrefix)) {
              table.move(job, Transition.REQUEUE_HELD, MoveArgs.by(null, reason));
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
          for (Job job : table.jobs().values()) {
            if (doomed.size() >= limit) {
              break;
            }
            if (job.state().isFinal()
                && job.finishedAt() != null
                && job.finishedAt().isBefore(finishedBefore)) {
              doomed.add(job);
            }
          }
          for (Job job : doomed) {
            PurgedJob kept = PurgedJob.of(job, table.now());
            purgedTrails.put(job.id(), new PurgedTrail(kept, table.history(job.id())));
            table.delete(job);
          }
          return doomed.size();
        });
  }

  @Override
  public int purgeHistory(Instant finishedBefore, int limit) {
    return write(
        () -> {
          int removed = 0;
          Iterator<PurgedTrail> trails = purgedTrails.values().iterator();
          while (trails.hasNext() && removed < limit) {
            if (trails.next().job().finishedAt().isBefore(finishedBefore)) {
              trails.remove();
              removed++;
            }
          }
          return removed;
        });
  }

  @Override
  public StoreStats stats(String tenantId) {
    return read(
        () ->
            InMemoryQueries.stats(
                table.jobs().values().stream()
                    .filter(job -> tenantId == null || tenantId.equals(job.tenantId()))
                    .toList(),
                table.now()));
  }

  @Override
  public void appendResults(Lease lease, List<JsonNode> items) {
    write(
        () -> {
          table.current(lease);
          table.appendResults(lease.jobId(), items);
          return null;
        });
  }

  @Override
  public Page<JsonNode> results(String jobId, String cursor, int limit) {
    return read(
        () -> {
          table.existing(jobId);
          return InMemoryQueries.page(table.results(jobId), cursor, limit);
        });
  }

  @Override
  public void addListener(Consumer<JobUpdate> listener) {
    listeners.add(listener);
  }

  @Override
  public Set<StoreCapability> capabilities() {
    return followUps == FollowUps.ATOMIC
        ? EnumSet.of(
            StoreCapability.ATOMIC_FOLLOW_UPS,
            StoreCapability.SYNCHRONOUS_LISTENERS,
            StoreCapability.CLAIM_ON_COMPLETE)
        : EnumSet.of(StoreCapability.SYNCHRONOUS_LISTENERS, StoreCapability.CLAIM_ON_COMPLETE);
  }

  @Override
  public int finishFollowUps(int limit) {
    return write(() -> table.finishFollowUps(limit));
  }

  /** Runs a change under the store's lock, delivering its updates as every write does. */
  <T> T inWrite(Function<InMemoryJobTable, T> body) {
    return write(() -> body.apply(table));
  }

  /** Runs a read under the store's lock. */
  <T> T inRead(Function<InMemoryJobTable, T> body) {
    return read(() -> body.apply(table));
  }

  /** The schedules of this store's data set, which every store opened on it shares. */
  public ScheduleStore schedules() {
    return new InMemoryScheduleStore(this);
  }

  /** The workflows of this store's data set, which every store opened on it shares. */
  public WorkflowStore workflows() {
    return new InMemoryWorkflowStore(this);
  }

  /** The tenant records of this store's data set, which the claim reads under the same lock. */
  public TenantStore tenants() {
    return new InMemoryTenantStore(this);
  }

  /** The job metrics of this store's data set, counted under the same lock as every move. */
  public JobMetrics metrics() {
    return new InMemoryJobMetrics(this);
  }

  /** Makes a move's follow-up now, or records it, as this store's shape prescribes. */
  void followUp(InMemoryJobTable.FollowUp followUp) {
    if (followUps == FollowUps.ATOMIC) {
      table.run(followUp);
    } else {
      table.record(followUp);
    }
  }

  @Override
  public void close() {
    // Nothing to release: the jobs live and die with this object.
  }

  private <T> T read(Supplier<T> body) {
    lock.lock();
    try {
      return body.get();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs a change under the lock. Its updates join the outbox in commit order before the lock is
   * released; delivery then drains the outbox under a second lock, so listeners hear all changes in
   * commit order, outside the store lock, and by the time a write returns its own updates have been
   * delivered. (A change that throws has changed nothing, so it has no updates.)
   */
  private <T> T write(Supplier<T> body) {
    T out;
    lock.lock();
    try {
      try {
        out = body.get();
      } finally {
        outbox.addAll(table.drainUpdates());
      }
    } finally {
      lock.unlock();
    }
    deliver();
    if (followUps == FollowUps.DEFERRED && table.hasFollowUps()) {
      finishFollowUps(Integer.MAX_VALUE);
    }
    return out;
  }

  private void deliver() {
    delivery.lock();
    try {
      for (JobUpdate update = outbox.poll(); update != null; update = outbox.poll()) {
        for (Consumer<JobUpdate> listener : listeners) {
          try {
            listener.accept(update);
          } catch (RuntimeException e) {
            LOG.warn("a job listener failed on job {}", update.job().id(), e);
          }
        }
      }
    } finally {
      delivery.unlock();
    }
  }
}
