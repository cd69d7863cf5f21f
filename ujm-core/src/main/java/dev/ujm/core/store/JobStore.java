package dev.ujm.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobUpdate;
import dev.ujm.core.model.Lease;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.Progress;
import dev.ujm.core.model.PurgedJob;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The storage seam: one method per named state change, each atomic in its backend, each checked
 * against the one transition table in {@link dev.ujm.core.model.JobState} and each writing its
 * audit event in the same atomic step.
 *
 * <p>Every implementation passes the contract suite in {@code ujm-store-tck}. Time comes from the
 * clock the store was built with, never from the wall. All methods are thread-safe. Methods that
 * name a job throw {@link dev.ujm.core.model.JobNotFoundException} when it does not exist; worker
 * writes throw {@link dev.ujm.core.model.StaleLeaseException} when their lease is no longer
 * current; a move the table forbids throws {@link dev.ujm.core.model.IllegalTransitionException}. A
 * method that throws has changed nothing.
 *
 * <p>When the storage itself fails (disk full, I/O error, damaged data, read-only), methods throw
 * {@link StorageFaultException} with its {@link StorageFaultException.Kind kind}; the store stays
 * usable and the same call succeeds once the cause is gone, without reopening the store.
 */
public interface JobStore extends AutoCloseable {

  /**
   * Stores a new job: {@code queued} when it may run now, {@code scheduled} when {@code runAt} is
   * in the future, {@code waiting} while a job it depends on has not completed. Missing options
   * take the store defaults ({@link dev.ujm.core.model.Transition#submitted}). A repeat of an
   * idempotency key within the same tenant and by the same owner returns the first job with {@code
   * created = false} and stores nothing.
   *
   * @throws dev.ujm.core.model.InvalidJobException when a dependency does not exist or has already
   *     failed or been cancelled
   * @throws dev.ujm.core.model.IdempotencyConflictException when another owner of the tenant used
   *     the idempotency key first
   */
  SubmitResult submit(NewJob job);

  /**
   * Submits several jobs all or nothing, in order; each as {@link #submit(NewJob)}. When any one is
   * refused (a bad dependency, an idempotency conflict) none is stored.
   */
  List<SubmitResult> submitAll(List<NewJob> jobs);

  /**
   * Atomically moves up to {@code limit} queued jobs of one queue to processing under the worker's
   * lease, in the fair order across tenants, and returns them in the order claimed. Each claimed
   * job's attempt is one more than before. Two concurrent claims never return the same job.
   *
   * <p>The fair order (stride scheduling): per queue, each tenant with queued jobs has a pass; the
   * tenant with the lowest pass is served its next job (highest priority first, oldest first within
   * a priority: priority is strict within a tenant), and its pass grows by the job's {@link
   * Job#cost} divided by the tenant's {@link dev.ujm.core.tenant.Tenant#weight}. So tenants share a
   * contended queue by cost in proportion to their weights, however they split their work into
   * jobs. A tenant that gets work after having none starts at the queue's virtual time: the lowest
   * pass among the tenants with work, or the highest pass reached there when none has any. A tenant
   * with as many jobs processing as its {@code maxRunning} (over every queue) is passed over and
   * keeps its jobs queued. Jobs without a tenant are served as one tenant of weight 1.
   */
  List<Job> claim(ClaimRequest request);

  /**
   * Extends the leases a worker still holds to now + the lease duration, and reports the ones it no
   * longer holds (cancelled meanwhile, requeued after expiry, or claimed by a newer attempt) so the
   * worker can stop them.
   */
  HeartbeatResult heartbeat(HeartbeatRequest request);

  /** Records progress of a running job. Fenced by the lease. */
  Job progress(Lease lease, Progress progress);

  /** Saves a running job's checkpoint, handed to its next attempt. Fenced by the lease. */
  Job checkpoint(Lease lease, JsonNode checkpoint);

  /**
   * Processing to completed with the handler's result; dependents whose dependencies are now all
   * completed move from waiting to queued in the same step. Fenced by the lease.
   */
  Job complete(Lease lease, JsonNode result);

  /**
   * {@link #complete} and, in the same atomic step, {@link #claim} with {@code next}: the worker
   * whose attempt ended gets its slot's next job without waiting for a write of its own (a job the
   * completion released from waiting can be among them). Fenced by the lease: when the completion
   * is refused ({@link dev.ujm.core.model.StaleLeaseException}, a missing job), nothing is claimed.
   * The claim keeps every rule of {@link #claim} (fair order, {@code maxRunning}).
   *
   * <p>A store that does both in one step declares {@link StoreCapability#CLAIM_ON_COMPLETE}. The
   * default completes and claims nothing, so the caller claims for the slot as it would otherwise.
   */
  default CompletedAndClaimed completeAndClaim(Lease lease, JsonNode result, ClaimRequest next) {
    return new CompletedAndClaimed(complete(lease, result), List.of());
  }

  /**
   * Records a failed attempt: to {@code scheduled} at {@code retryAt} while attempts remain and a
   * retry time is given, otherwise to {@code failed} (the dead-letter queue), cancelling the jobs
   * that wait on it. Fenced by the lease.
   */
  Job fail(FailRequest request);

  /**
   * Hands a running job back to {@code queued} without counting the attempt, keeping its
   * checkpoint: the graceful shutdown path. Fenced by the lease.
   */
  Job release(Lease lease, String reason);

  /**
   * Cancels a job in any non-final state. A running job moves to {@code cancelled} at once; its
   * worker learns of it by its next heartbeat or cancellation check, and its later writes are
   * rejected as stale.
   */
  Job cancel(CancelRequest request);

  /**
   * The handler of the attempt under this lease ended its job as cancelled ({@code cancel-own}):
   * processing to cancelled, cancelling the jobs that wait on it. Fenced by the lease, so an
   * attempt that lost its lease cannot cancel the job a newer attempt runs.
   */
  Job cancelOwn(Lease lease, String reason);

  /**
   * Re-drives a failed or cancelled job with a fresh allowance of one attempt (the attempt counter
   * keeps counting so old leases stay fenced): to {@code queued} when its dependencies are all
   * completed ({@code retry}), to {@code waiting} while one is still open ({@code retry-waiting}).
   * The jobs its failure had cancelled ({@code cancel-dependent}) wait for it again ({@code
   * rearm-dependent}), down the chain, unless another dependency of theirs has stopped.
   *
   * @throws dev.ujm.core.model.IllegalTransitionException when the job is not failed or cancelled,
   *     or a dependency of it has failed or been cancelled (retry that one; this job follows)
   */
  Job retry(String jobId, String actor);

  Optional<Job> get(String jobId);

  /** The jobs that exist among these ids, in the order asked; missing ids are left out. */
  List<Job> getAll(Collection<String> jobIds);

  /** Jobs matching the query, newest first, one page at a time. */
  Page<Job> find(JobQuery query);

  /**
   * The audit trail of one job, oldest first: of a job in the store, or of a job that retention
   * purged, whose trail is kept until {@link #purgeHistory} removes it.
   *
   * @throws dev.ujm.core.model.JobNotFoundException when the store has neither the job nor its
   *     trail
   */
  List<JobEvent> history(String jobId);

  /**
   * What is kept of a job that retention purged, beside its audit trail; empty for a job that is
   * still in the store, or whose trail is gone too.
   */
  Optional<PurgedJob> purged(String jobId);

  /** Moves scheduled jobs whose run time has come to queued; returns how many. */
  int promoteDue(int limit);

  /**
   * Requeues processing jobs whose lease has expired (their worker died or stalled): back to queued
   * with their checkpoint, or to failed when that attempt was the last. Returns how many.
   */
  int requeueExpired(int limit);

  /**
   * Requeues at once every processing job held by a worker id starting with this prefix: a node
   * that restarts after a crash gives back what it held without waiting for the leases to expire.
   * Returns how many.
   */
  int requeueHeldBy(String workerIdPrefix, String reason);

  /**
   * Deletes up to {@code limit} final jobs that finished before the instant, with their results,
   * tags and dependency links; returns how many jobs. Their audit trails are kept, compacted, with
   * a {@link PurgedJob} each: {@link #history} keeps answering for them until {@link #purgeHistory}
   * removes them.
   */
  int purge(Instant finishedBefore, int limit);

  /**
   * Deletes up to {@code limit} kept audit trails of purged jobs that finished before the instant,
   * with their {@link PurgedJob}; returns how many jobs' trails. The trails of jobs still in the
   * store are never touched.
   */
  int purgeHistory(Instant finishedBefore, int limit);

  /**
   * Gives storage freed by purges back to the file system, in one small step of at most {@code
   * limit} units of the store's own (SQLite: pages); returns how many units it gave back, 0 when
   * there was nothing (more) to give back or the store has no such step.
   */
  default int reclaimSpace(int limit) {
    return 0;
  }

  /** Counts per queue and state, and the age of the oldest queued job per queue. */
  default StoreStats stats() {
    return stats(null);
  }

  /**
   * {@link #stats()} over the jobs of one tenant only; a null tenant means every job. Queues
   * without a job of that tenant are left out.
   */
  StoreStats stats(String tenantId);

  /** Appends result items (for example crawled pages) to a running job. Fenced by the lease. */
  void appendResults(Lease lease, List<JsonNode> items);

  /** The result items of a job, in the order appended, one page at a time. */
  Page<JsonNode> results(String jobId, String cursor, int limit);

  /**
   * Registers a listener called after every committed state change and progress report, on the
   * committing thread; it must be quick and must not throw.
   */
  void addListener(Consumer<JobUpdate> listener);

  /**
   * Registers an observer of the store's commits (their group size and latency). Stores that do not
   * time their commits ignore it, which is the default.
   */
  default void addCommitObserver(CommitObserver observer) {}

  /** How this store keeps the parts of the contract that backends differ in. */
  Set<StoreCapability> capabilities();

  /**
   * Finishes up to {@code limit} follow-ups left pending by earlier moves (dependents' cascades,
   * events, counters) and returns how many it finished. Idempotent: a follow-up finished twice
   * changes nothing the second time. Stores with {@link StoreCapability#ATOMIC_FOLLOW_UPS} have
   * none and return 0.
   */
  default int finishFollowUps(int limit) {
    return 0;
  }

  /** Whether the backend answers now; {@code /ready} reports it. */
  default boolean isReady() {
    return true;
  }

  /**
   * Whether the store can take writes now and, if not, why: {@code /ready} shows it. A store whose
   * writes fail because of its storage (disk full, I/O errors, read-only) is not ready until a
   * write succeeds again.
   */
  default StoreHealth health() {
    return isReady() ? StoreHealth.READY : StoreHealth.notReady("the store does not answer");
  }

  /**
   * The health of each server a store is made of, by a short name ({@code mongo}, {@code redis}),
   * for a store made of more than one: {@code /ready} lists each next to the store as a whole, so
   * an operator sees which one is down. Whether the store as a whole is ready stays {@link
   * #health()}'s answer (a store whose queue server is down may still take submits). Empty for a
   * store on one backend.
   */
  default Map<String, StoreHealth> backendHealth() {
    return Map.of();
  }

  @Override
  void close();
}
