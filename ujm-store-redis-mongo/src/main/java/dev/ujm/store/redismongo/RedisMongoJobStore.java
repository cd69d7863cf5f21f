package dev.ujm.store.redismongo;

import static dev.ujm.core.model.JobState.CANCELLED;
import static dev.ujm.core.model.JobState.PROCESSING;
import static dev.ujm.core.model.JobState.QUEUED;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.ujm.core.analytics.JobMetrics;
import dev.ujm.core.audit.AccessLog;
import dev.ujm.core.cluster.ClusterLock;
import dev.ujm.core.duty.DutyScheduler;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobBuilder;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobUpdate;
import dev.ujm.core.model.Lease;
import dev.ujm.core.model.MoveArgs;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.Progress;
import dev.ujm.core.model.PurgedJob;
import dev.ujm.core.model.StaleLeaseException;
import dev.ujm.core.model.Transition;
import dev.ujm.core.model.Transition.Move;
import dev.ujm.core.schedule.ScheduleStore;
import dev.ujm.core.store.CancelRequest;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.FailRequest;
import dev.ujm.core.store.HeartbeatRequest;
import dev.ujm.core.store.HeartbeatResult;
import dev.ujm.core.store.JobQuery;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.store.Page;
import dev.ujm.core.store.StorageFaultException;
import dev.ujm.core.store.StoreCapability;
import dev.ujm.core.store.StoreHealth;
import dev.ujm.core.store.StoreStats;
import dev.ujm.core.store.SubmitResult;
import dev.ujm.core.tenant.TenantStore;
import dev.ujm.core.workflow.DependencyCascade;
import dev.ujm.core.workflow.WorkflowStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The distributed {@link JobStore}: MongoDB is the source of truth, Redis the hot queue.
 *
 * <ol>
 *   <li>Every move reads the job's document, computes the next snapshot and its audit event with
 *       {@link Transition#apply} (the one table of moves), and writes them with one conditional
 *       update on what it read ({@link MongoJobs#commit}); a write that lost a race reads again and
 *       decides again. Fencing holds in MongoDB itself: a worker's write filters on its lease. The
 *       ends of attempts of many workers go in one bulk write ({@link MongoCompleter}).
 *   <li>After a committed write the Redis queue follows ({@link RedisQueue#follow}): a job that
 *       became queued is pushed, one that left is removed. Redis may miss it; the {@link
 *       Reconciler} restores what MongoDB holds.
 *   <li>A claim pops ids from Redis in the fair order across tenants ({@link LuaScripts#CLAIM}, one
 *       script, so two claims never pop the same id) and counts each against its tenant's {@code
 *       maxRunning} over every queue ({@link RedisRunningCounts}, in a slot of its own; a refused
 *       id goes back), then moves each job from queued to processing in MongoDB, in one bulk write;
 *       an id whose job is no longer queued is dropped.
 *   <li>Scheduled jobs wait in a delayed set in Redis by run time ({@link RedisDelayedSet}), from
 *       which the promoter takes the due ones ({@link DuePromotions}); progress goes to a status
 *       cache in Redis at once and to MongoDB at most every few seconds ({@link RedisStatusCache}).
 *   <li>Follow-ups (the dependents' cascades) are recorded with their move and finished right after
 *       it ({@link MongoFollowUps}); a crash in between leaves them on record for the next pass.
 * </ol>
 *
 * <p>Listeners are called on the writing thread after MongoDB acknowledged the write, before the
 * method returns. Thread-safe; several stores (nodes) may share one MongoDB and Redis.
 */
public final class RedisMongoJobStore implements JobStore {
  private static final Logger LOG = LoggerFactory.getLogger(RedisMongoJobStore.class);
  private static final int RACE_RETRIES = 1000;
  private static final int HEARTBEAT_ROUNDS = 3;

  private final MongoBackend mongo;
  private final RedisBackend redis;
  private final InstantSource clock;
  private final boolean finishFollowUpsAtOnce;
  private final List<Consumer<JobUpdate>> listeners = new CopyOnWriteArrayList<>();
  private final RedisQueue queue;
  private final RedisDelayedSet delayed;
  private final RedisStatusCache status;
  private final MongoUsage usage;
  private final MongoJobMetrics metrics;
  private final MongoJobs jobs;
  private final MongoFollowUps followUps;
  private final DependencyCascade cascade;
  private final MongoSubmits submits;
  private final MongoReads reads;
  private final MongoResults results;
  private final MongoDuties duties;
  private final DuePromotions promotions;
  private final Reconciler reconciler;
  private final MongoCompleter completer;
  private DutyScheduler upkeep;
  private RedisChannels channels;

  RedisMongoJobStore(
      MongoBackend mongo,
      RedisBackend redis,
      InstantSource clock,
      boolean finishFollowUpsAtOnce,
      Function<String, Map<String, String>> workflowRefs) {
    this.mongo = mongo;
    this.redis = redis;
    this.clock = clock;
    this.finishFollowUpsAtOnce = finishFollowUpsAtOnce;
    this.queue = new RedisQueue(redis);
    this.delayed = new RedisDelayedSet(redis, queue);
    this.status = new RedisStatusCache(redis, queue);
    this.usage = new MongoUsage(mongo);
    this.metrics = new MongoJobMetrics(mongo);
    this.jobs = new MongoJobs(mongo, usage, metrics, this::committed);
    this.followUps = new MongoFollowUps(jobs, clock, workflowRefs);
    this.cascade = new DependencyCascade(new ReadOnlyGraph(workflowRefs));
    this.submits = new MongoSubmits(jobs, queue, followUps, cascade, clock, this::submitted);
    this.reads = new MongoReads(jobs, mongo);
    this.results = new MongoResults(jobs, usage, mongo, clock);
    this.duties = new MongoDuties(jobs, results, mongo, clock, this::afterFollowUp);
    this.promotions = new DuePromotions(jobs, delayed, duties, clock);
    this.reconciler = new Reconciler(jobs, queue, delayed, () -> tenants().list(), clock);
    this.completer = new MongoCompleter(jobs, "ujm-mongo-completer");
  }

  /**
   * Opens a store on a MongoDB database and the Redis of the same deployment, creating the indexes,
   * and puts back into Redis what it lost.
   *
   * @throws StorageFaultException when MongoDB cannot be reached
   */
  public static RedisMongoJobStore open(
      String mongoUri, String database, String redisUri, InstantSource clock) {
    return open(mongoUri, database, redisUri, clock, true);
  }

  /**
   * As {@link #open(String, String, String, InstantSource)}; with {@code finishFollowUpsAtOnce}
   * false, moves leave their follow-ups on record until {@link #finishFollowUps} (a process that
   * died after every move, for the contract suite).
   */
  public static RedisMongoJobStore open(
      String mongoUri,
      String database,
      String redisUri,
      InstantSource clock,
      boolean finishFollowUpsAtOnce) {
    MongoBackend mongo = MongoBackend.open(mongoUri, database);
    try {
      RedisBackend redis = RedisBackend.open(redisUri, database);
      RedisMongoJobStore store =
          new RedisMongoJobStore(
              mongo,
              redis,
              clock,
              finishFollowUpsAtOnce,
              workflowId -> MongoWorkflowStore.refs(mongo, workflowId));
      store.reconciler.runOnce();
      return store;
    } catch (RuntimeException e) {
      mongo.close();
      throw e;
    }
  }

  /** The reconciler that rebuilds the Redis queue from MongoDB, for the duty that runs it. */
  public Reconciler reconciler() {
    return reconciler;
  }

  /**
   * Starts the store's own upkeep: the {@link Reconciler} and the {@link PendingFollowUps}, each
   * every {@code interval}, on one node at a time under the cluster lock. {@link #close} stops it.
   */
  synchronized void startUpkeep(ClusterLock lock, String holder, Duration interval) {
    if (upkeep == null) {
      upkeep =
          new DutyScheduler(
                  List.of(
                      new Reconciler(jobs, queue, delayed, () -> tenants().list(), clock, interval),
                      new PendingFollowUps(this, interval)),
                  lock,
                  holder)
              .start();
    }
  }

  /** The pub/sub channels of this process, opened on first use and closed with the store. */
  synchronized RedisChannels channels() {
    if (channels == null) {
      channels = new RedisChannels(redis);
    }
    return channels;
  }

  MongoBackend mongo() {
    return mongo;
  }

  RedisBackend redis() {
    return redis;
  }

  @Override
  public SubmitResult submit(NewJob job) {
    return submits.submitAll(List.of(job)).getFirst();
  }

  @Override
  public List<SubmitResult> submitAll(List<NewJob> batch) {
    return submits.submitAll(batch);
  }

  @Override
  public List<Job> claim(ClaimRequest request) {
    List<Job> claimed = new ArrayList<>();
    while (claimed.size() < request.limit()) {
      Instant now = clock.instant();
      Instant until = now.plus(request.leaseDuration());
      List<String> ids =
          queue.claim(request.queue(), request.limit() - claimed.size(), until.toEpochMilli());
      if (ids.isEmpty()) {
        break;
      }
      Map<String, Document> docs = jobs.findAll(ids);
      Map<Document, Move> moves = new LinkedHashMap<>();
      List<String> stale = new ArrayList<>();
      for (String id : ids) {
        Document doc = docs.get(id);
        Job job = doc == null ? null : JobDocuments.job(doc);
        if (job == null || job.state() != QUEUED) {
          stale.add(id); // cancelled meanwhile: not for anyone
          continue;
        }
        moves.put(doc, Transition.CLAIM.apply(job, MoveArgs.claim(request.workerId(), until), now));
      }
      List<String> lost = jobs.commitAll(moves);
      for (String id : lost) {
        Document doc = jobs.find(id);
        if (doc != null && QUEUED.wireName().equals(doc.getString(JobDocuments.STATE))) {
          queue.push(List.of(JobDocuments.job(doc)));
        } else {
          stale.add(id);
        }
      }
      queue.finish(request.queue(), stale);
      moves.values().stream()
          .map(Move::job)
          .filter(job -> !lost.contains(job.id()))
          .forEach(claimed::add);
    }
    return claimed;
  }

  /**
   * Extends the leases still held in one bulk write, each on the revision just read (the fields of
   * {@code _id} and {@code rev}, which one index serves; the revision stands for the state, worker
   * and attempt checked). A lease whose write found a newer revision is read again: lost if the job
   * moved on, written again on the new revision if only its progress or checkpoint changed (a few
   * times; a job still held whose lease was not extended is extended by the next heartbeat).
   */
  @Override
  public HeartbeatResult heartbeat(HeartbeatRequest request) {
    Instant until = clock.instant().plus(request.leaseDuration());
    Long untilN = JobDocuments.nanos(until);
    Set<String> lost = new LinkedHashSet<>();
    Set<String> cancelled = new LinkedHashSet<>();
    Map<String, List<String>> heldByQueue = new LinkedHashMap<>();
    List<Lease> pending = request.leases();
    for (int round = 0; !pending.isEmpty(); round++) {
      boolean last = round == HEARTBEAT_ROUNDS; // read only: still held, if not extended this time
      Map<String, Document> docs = jobs.findAll(pending.stream().map(Lease::jobId).toList());
      List<WriteModel<Document>> writes = new ArrayList<>();
      List<Lease> written = new ArrayList<>();
      for (Lease lease : pending) {
        Document doc = docs.get(lease.jobId());
        Job job = doc == null ? null : JobDocuments.job(doc);
        if (!isCurrent(job, lease)) {
          lost.add(lease.jobId());
          if (job != null && job.state() == CANCELLED) {
            cancelled.add(lease.jobId());
          }
        } else if (last || untilN.equals(doc.getLong(JobDocuments.LEASE))) {
          heldByQueue.computeIfAbsent(job.queue(), q -> new ArrayList<>()).add(job.id());
        } else {
          writes.add(
              new UpdateOneModel<>(
                  MongoJobs.unchanged(doc), Updates.set(JobDocuments.LEASE, untilN)));
          written.add(lease);
        }
      }
      int matched =
          writes.isEmpty()
              ? 0
              : MongoFaults.call(
                  "extending leases",
                  () -> jobs.collection().bulkWrite(writes, MongoJobs.UNORDERED).getMatchedCount());
      if (matched == writes.size()) {
        for (Lease lease : written) {
          String queueName = JobDocuments.job(docs.get(lease.jobId())).queue();
          heldByQueue.computeIfAbsent(queueName, q -> new ArrayList<>()).add(lease.jobId());
        }
        pending = List.of();
      } else {
        pending = written; // read again: which were written, which moved on, which to write again
      }
    }
    heldByQueue.forEach((q, ids) -> queue.extend(q, ids, until.toEpochMilli()));
    return new HeartbeatResult(Set.copyOf(lost), Set.copyOf(cancelled));
  }

  /**
   * Checks the lease on the document as read, then reports to the Redis status cache at once and to
   * MongoDB at most every few seconds ({@link RedisStatusCache}); listeners hear every report.
   */
  @Override
  public Job progress(Lease lease, Progress progress) {
    Document doc = jobs.existing(lease.jobId());
    Job job = JobDocuments.job(doc);
    if (!isCurrent(job, lease)) {
      throw new StaleLeaseException(lease);
    }
    Instant now = clock.instant();
    Job next = job.toBuilder().progress(progress).updatedAt(now).build();
    if (!status.report(next, now)) {
      notifyListeners(new JobUpdate(next, null));
      return next;
    }
    return jobs.replace(doc, next, true)
        ? next
        : rewrite(lease, again -> again.toBuilder().progress(progress), true);
  }

  @Override
  public Job checkpoint(Lease lease, JsonNode checkpoint) {
    JsonNode copy = checkpoint == null ? null : checkpoint.deepCopy();
    return rewrite(lease, job -> job.toBuilder().checkpoint(copy), false);
  }

  @Override
  public Job complete(Lease lease, JsonNode result) {
    JsonNode copy = result == null ? null : result.deepCopy();
    return move(
        lease.jobId(),
        lease,
        job ->
            new Step(
                Transition.COMPLETE,
                MoveArgs.result(copy),
                DependencyCascade.Kind.RELEASE_DEPENDENTS));
  }

  @Override
  public Job fail(FailRequest request) {
    MoveArgs args = MoveArgs.error(request.error(), request.retryAt());
    return move(
        request.lease().jobId(),
        request.lease(),
        job ->
            request.retryAt() != null && job.attempt() < job.maxAttempts()
                ? new Step(Transition.RETRY_LATER, args, null)
                : new Step(Transition.FAIL, args, DependencyCascade.Kind.CANCEL_DEPENDENTS));
  }

  @Override
  public Job release(Lease lease, String reason) {
    return move(
        lease.jobId(), lease, job -> new Step(Transition.RELEASE, MoveArgs.by(null, reason), null));
  }

  @Override
  public Job cancel(CancelRequest request) {
    return move(
        request.jobId(),
        null,
        job ->
            new Step(
                Transition.CANCEL,
                MoveArgs.by(request.actor(), request.reason()),
                DependencyCascade.Kind.CANCEL_DEPENDENTS));
  }

  @Override
  public Job cancelOwn(Lease lease, String reason) {
    return move(
        lease.jobId(),
        lease,
        job ->
            new Step(
                Transition.CANCEL_OWN,
                MoveArgs.by(null, reason),
                DependencyCascade.Kind.CANCEL_DEPENDENTS));
  }

  @Override
  public Job retry(String jobId, String actor) {
    return retry(jobId, actor, null);
  }

  /** {@link #retry(String, String)} with the reason the audit trail records (null: the move's). */
  Job retry(String jobId, String actor, String reason) {
    return move(
        jobId,
        null,
        job ->
            new Step(
                cascade.retryMove(job),
                MoveArgs.by(actor, reason),
                DependencyCascade.Kind.REARM_DEPENDENTS));
  }

  /** The named move of a job's last audit event, or null for an unknown job. */
  Transition lastTransition(String jobId) {
    Document doc = jobs.find(jobId);
    return doc == null ? null : Transition.parse(doc.getString(JobDocuments.LAST_MOVE));
  }

  /**
   * Deletes jobs that were stored moments ago by a submit that is being taken back; an id Redis
   * still holds is dropped by the claim that pops it.
   */
  void deleteJobs(List<String> jobIds) {
    if (!jobIds.isEmpty()) {
      jobs.delete(jobIds);
    }
  }

  /** The schedules of this store's database. */
  public ScheduleStore schedules() {
    return new MongoScheduleStore(this, clock);
  }

  /** The tenant records and metered usage of this store's database. */
  public TenantStore tenants() {
    return new MongoTenantStore(mongo, usage, queue);
  }

  /** The access audit of this store's database. */
  public AccessLog accessLog() {
    return new MongoAccessLog(mongo);
  }

  /** The job metrics of this store's database, raised by every node from the moves it commits. */
  public JobMetrics metrics() {
    return metrics;
  }

  /** The workflows of this store's database. */
  public WorkflowStore workflows() {
    return new MongoWorkflowStore(this, clock);
  }

  @Override
  public Optional<Job> get(String jobId) {
    return reads.get(jobId).map(status::overlay);
  }

  @Override
  public List<Job> getAll(Collection<String> jobIds) {
    return reads.getAll(jobIds);
  }

  @Override
  public Page<Job> find(JobQuery query) {
    return reads.find(query);
  }

  @Override
  public List<JobEvent> history(String jobId) {
    return reads.history(jobId);
  }

  @Override
  public Optional<PurgedJob> purged(String jobId) {
    return reads.purged(jobId);
  }

  @Override
  public int promoteDue(int limit) {
    return promotions.promoteDue(limit);
  }

  @Override
  public int requeueExpired(int limit) {
    return duties.requeueExpired(limit);
  }

  @Override
  public int requeueHeldBy(String workerIdPrefix, String reason) {
    if (workerIdPrefix == null || workerIdPrefix.isEmpty()) {
      throw new IllegalArgumentException("a worker id prefix is required");
    }
    return duties.requeueHeldBy(workerIdPrefix, reason);
  }

  @Override
  public int purge(Instant finishedBefore, int limit) {
    return duties.purge(finishedBefore, limit);
  }

  @Override
  public int purgeHistory(Instant finishedBefore, int limit) {
    return duties.purgeHistory(finishedBefore, limit);
  }

  @Override
  public StoreStats stats(String tenantId) {
    return reads.stats(tenantId, clock.instant());
  }

  @Override
  public void appendResults(Lease lease, List<JsonNode> items) {
    results.append(lease, items);
  }

  @Override
  public Page<JsonNode> results(String jobId, String cursor, int limit) {
    return reads.results(jobId, cursor, limit);
  }

  @Override
  public void addListener(Consumer<JobUpdate> listener) {
    listeners.add(listener);
  }

  @Override
  public Set<StoreCapability> capabilities() {
    return EnumSet.of(StoreCapability.SYNCHRONOUS_LISTENERS);
  }

  @Override
  public int finishFollowUps(int limit) {
    return followUps.finishPending(limit);
  }

  @Override
  public boolean isReady() {
    return mongo.ping();
  }

  /**
   * Ready while MongoDB answers: it holds every accepted job. Redis is reported beside it; while it
   * is down, jobs are still accepted and run once it is back.
   */
  @Override
  public StoreHealth health() {
    boolean redisUp = queue.isHealthy();
    if (!mongo.ping()) {
      return StoreHealth.notReady(
          "MongoDB does not answer; Redis " + (redisUp ? "answers" : "does not answer either"));
    }
    return redisUp
        ? StoreHealth.READY
        : new StoreHealth(
            true, "MongoDB answers; Redis does not: jobs are accepted and run once it is back");
  }

  /** MongoDB and Redis apart, so {@code /ready} shows which one is down. */
  @Override
  public Map<String, StoreHealth> backendHealth() {
    Map<String, StoreHealth> servers = new LinkedHashMap<>();
    servers.put(
        "mongo",
        mongo.ping() ? StoreHealth.READY : StoreHealth.notReady("MongoDB does not answer"));
    servers.put(
        "redis",
        queue.isHealthy()
            ? StoreHealth.READY
            : StoreHealth.notReady(
                "Redis does not answer: jobs are accepted and run once it is back"));
    return servers;
  }

  @Override
  public void close() {
    DutyScheduler duties;
    RedisChannels open;
    synchronized (this) {
      duties = upkeep;
      open = channels;
      upkeep = null;
      channels = null;
    }
    try {
      completer.close();
      if (duties != null) {
        duties.close();
      }
      if (open != null) {
        open.close();
      }
    } finally {
      try {
        metrics.close();
        redis.close();
      } finally {
        mongo.close();
      }
    }
  }

  /** A move to make on the job as it is now: which one, its arguments, its follow-up. */
  private record Step(Transition transition, MoveArgs args, DependencyCascade.Kind followUp) {}

  /**
   * Makes one move on a job: read, decide ({@code plan}, which may refuse by throwing), write on
   * the condition that nothing changed; on a lost race, again from the read.
   */
  private Job move(String jobId, Lease fence, Function<Job, Step> plan) {
    if (fence != null) {
      Move grouped =
          completer.submit(
              fence,
              (doc, read) -> {
                Job job = status.latest(read); // with the progress MongoDB may not have yet
                Step step = decide(job, fence, plan);
                return step.followUp() != null && JobDocuments.hasDependents(doc)
                    ? null // its cascade is recorded with it, by the single write below
                    : step.transition().apply(job, step.args(), clock.instant());
              });
      if (grouped != null) {
        jobs.announce(grouped);
        return grouped.job();
      }
    }
    for (int attempt = 0; attempt < RACE_RETRIES; attempt++) {
      Document doc = jobs.existing(jobId);
      Job job = fence == null ? JobDocuments.job(doc) : status.latest(JobDocuments.job(doc));
      Step step = decide(job, fence, plan);
      Move move = step.transition().apply(job, step.args(), clock.instant());
      String token =
          step.followUp() == null || !JobDocuments.hasDependents(doc)
              ? null
              : MongoFollowUps.token(step.followUp().name(), doc);
      if (jobs.commit(doc, move, token)) {
        if (token != null) {
          afterFollowUp(jobId);
        }
        return move.job();
      }
    }
    throw new StorageFaultException(
        StorageFaultException.Kind.UNAVAILABLE, "job " + jobId + " changed too often to be moved");
  }

  /** The step {@code plan} takes on the job as read, after the fence (if any) was checked. */
  private static Step decide(Job job, Lease fence, Function<Job, Step> plan) {
    if (fence != null && !isCurrent(job, fence)) {
      throw new StaleLeaseException(fence);
    }
    return plan.apply(job);
  }

  /** A fenced write that makes no move (progress, checkpoint), retried like a move. */
  private Job rewrite(Lease lease, Function<Job, JobBuilder> change, boolean announce) {
    for (int attempt = 0; attempt < RACE_RETRIES; attempt++) {
      Document doc = jobs.existing(lease.jobId());
      Job job = JobDocuments.job(doc);
      if (!isCurrent(job, lease)) {
        throw new StaleLeaseException(lease);
      }
      Job next = change.apply(job).updatedAt(clock.instant()).build();
      if (jobs.replace(doc, next, announce)) {
        return next;
      }
    }
    throw new StorageFaultException(
        StorageFaultException.Kind.UNAVAILABLE, "job " + lease.jobId() + " changed too often");
  }

  private void afterFollowUp(String jobId) {
    if (finishFollowUpsAtOnce) {
      try {
        followUps.finish(Set.of(jobId), Integer.MAX_VALUE);
      } catch (StorageFaultException e) {
        // the move is committed and its follow-up on record: the next pass finishes it
        LOG.warn("the follow-up of job {} waits for the next pass: {}", jobId, e.getMessage());
      }
    }
  }

  private void committed(JobUpdate update) {
    queue.follow(update);
    delayed.follow(update);
    status.follow(update);
    notifyListeners(update);
  }

  /** A stored submit: a scheduled job goes into the delayed set, then the listeners hear. */
  private void submitted(JobUpdate update) {
    delayed.follow(update);
    notifyListeners(update);
  }

  private void notifyListeners(JobUpdate update) {
    for (Consumer<JobUpdate> listener : listeners) {
      try {
        listener.accept(update);
      } catch (RuntimeException e) {
        LOG.warn("a job listener failed on job {}", update.job().id(), e);
      }
    }
  }

  private static boolean isCurrent(Job job, Lease lease) {
    return job != null
        && job.state() == PROCESSING
        && job.attempt() == lease.attempt()
        && lease.workerId().equals(job.workerId());
  }

  /** The cascade's checks of new and retried jobs, which read and never move. */
  private final class ReadOnlyGraph implements DependencyCascade.Graph {
    private final Function<String, Map<String, String>> refs;

    ReadOnlyGraph(Function<String, Map<String, String>> refs) {
      this.refs = refs;
    }

    @Override
    public Job job(String jobId) {
      Document doc = jobs.find(jobId);
      return doc == null ? null : JobDocuments.job(doc);
    }

    @Override
    public List<String> dependentsOf(String jobId) {
      throw new UnsupportedOperationException("checks do not cascade");
    }

    @Override
    public Transition lastTransition(String jobId) {
      throw new UnsupportedOperationException("checks do not cascade");
    }

    @Override
    public Job move(Job job, Transition transition, MoveArgs args) {
      throw new UnsupportedOperationException("checks do not move jobs");
    }

    @Override
    public Map<String, String> refs(String workflowId) {
      return refs.apply(workflowId);
    }

    @Override
    public Instant now() {
      return clock.instant();
    }
  }
}
