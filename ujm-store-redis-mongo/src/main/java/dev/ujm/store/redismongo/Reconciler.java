package dev.ujm.store.redismongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static dev.ujm.store.redismongo.JobDocuments.ID;
import static dev.ujm.store.redismongo.JobDocuments.QUEUE;
import static dev.ujm.store.redismongo.JobDocuments.STATE;

import com.mongodb.client.model.Sorts;
import dev.ujm.core.duty.Duty;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.tenant.Tenant;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Rebuilds the Redis queue from MongoDB, the source of truth, after Redis lost data (a restart
 * without persistence, {@code FLUSHALL}, a failover to an empty replica) or missed pushes and
 * finishes while it was down.
 *
 * <ol>
 *   <li>Lists the queues that hold queued or processing jobs in MongoDB, and those Redis knows.
 *   <li>Mirrors every tenant record's weight and {@code maxRunning} into Redis, into the
 *       deployment's mirror and each of these queues', where the claim reads them.
 *   <li>Holds each queue's processing jobs again ({@link LuaScripts#HOLD}): an id missing from the
 *       active set is added, and counted as running for its tenant in the queue, once; every one is
 *       counted again in its tenant's count over all queues where that was lost.
 *   <li>Lets go of every id in the active set whose job is neither processing nor queued any more
 *       (a finish Redis missed), so its tenant's running count falls, once.
 *   <li>Pages through each queue's queued jobs in id order, a thousand at a time, and hands each
 *       page to {@link LuaScripts#RECONCILE}, which adds an id to its tenant's ready set unless
 *       Redis has it already or a claim in flight holds it, so nothing is ever queued twice; a
 *       claim whose claimer died between Redis and MongoDB is given back once its deadline passed.
 *       A tenant that gets work back joins the turns at the queue's virtual time, as after any
 *       push: passes Redis lost start again from there.
 *   <li>Lets go of each count over all queues whose id left its queue's active set but whose
 *       release never came ({@link RedisRunningCounts#sweep}: the process died in between, or the
 *       slot of the counts did not answer).
 *   <li>Pages the same way through the scheduled jobs into the {@link RedisDelayedSet}, which adds
 *       an id unless it is there or a promoter holds it.
 * </ol>
 *
 * Runs once when a store opens and then as a cluster-wide duty. Idempotent, so two nodes running it
 * at once only repeat each other. Thread-safe.
 */
public final class Reconciler extends Duty {
  private static final int PAGE = 1000;

  private final MongoJobs jobs;
  private final RedisQueue queue;
  private final RedisDelayedSet delayed;
  private final Supplier<List<Tenant>> tenants;
  private final InstantSource clock;

  Reconciler(
      MongoJobs jobs,
      RedisQueue queue,
      RedisDelayedSet delayed,
      Supplier<List<Tenant>> tenants,
      InstantSource clock) {
    this(jobs, queue, delayed, tenants, clock, Duration.ofSeconds(2));
  }

  Reconciler(
      MongoJobs jobs,
      RedisQueue queue,
      RedisDelayedSet delayed,
      Supplier<List<Tenant>> tenants,
      InstantSource clock,
      Duration interval) {
    super("queue-reconciler", interval);
    this.jobs = jobs;
    this.queue = queue;
    this.delayed = delayed;
    this.tenants = tenants;
    this.clock = clock;
  }

  /**
   * One pass; returns how many ids it put back into the ready sets and the delayed set (0 while
   * Redis is down).
   */
  @Override
  public int runOnce() {
    List<Tenant> records = tenants.get();
    Set<String> queues =
        new LinkedHashSet<>(
            MongoFaults.call(
                "listing queues",
                () ->
                    jobs.collection()
                        .distinct(
                            QUEUE,
                            in(STATE, JobState.QUEUED.wireName(), JobState.PROCESSING.wireName()),
                            String.class)
                        .into(new ArrayList<>())));
    queues.addAll(queue.queues());
    queue.mirror(records, queues);
    long added = 0;
    for (String name : queues) {
      long held = eachPage(JobState.PROCESSING, name, page -> queue.hold(name, page));
      if (held < 0 || !letGoOfFinished(name)) {
        return (int) added; // Redis is down: the next pass tries again
      }
      long queued =
          eachPage(JobState.QUEUED, name, page -> queue.reconcile(name, page, clock.millis()));
      if (queued < 0) {
        return (int) added;
      }
      added += queued;
    }
    if (!queue.sweepRunningCounts()) {
      return (int) added;
    }
    long scheduled =
        eachPage(JobState.SCHEDULED, null, page -> delayed.reconcile(page, clock.millis()));
    return (int) Math.min(Integer.MAX_VALUE, added + Math.max(0, scheduled));
  }

  /** Finishes every id the queue's active set holds whose job is no longer queued or processing. */
  private boolean letGoOfFinished(String name) {
    List<String> held = queue.held(name);
    if (held == null) {
      return false;
    }
    List<String> finished = new ArrayList<>();
    for (int from = 0; from < held.size(); from += PAGE) {
      List<String> ids = held.subList(from, Math.min(held.size(), from + PAGE));
      Map<String, Document> docs = jobs.findAll(ids);
      for (String id : ids) {
        Document doc = docs.get(id);
        String state = doc == null ? null : doc.getString(STATE);
        if (!JobState.QUEUED.wireName().equals(state)
            && !JobState.PROCESSING.wireName().equals(state)) {
          finished.add(id);
        }
      }
    }
    queue.finish(name, finished);
    return true;
  }

  /**
   * Hands the jobs in a state (of one queue, or of every queue for a null name) to {@code step} a
   * page at a time, in id order; -1 once it fails.
   */
  private long eachPage(JobState state, String queueName, ToLongFunction<List<Job>> step) {
    long total = 0;
    String after = null;
    while (true) {
      List<Bson> conditions = new ArrayList<>(List.of(eq(STATE, state.wireName())));
      if (queueName != null) {
        conditions.add(eq(QUEUE, queueName));
      }
      if (after != null) {
        conditions.add(gt(ID, after));
      }
      Bson filter = conditions.size() == 1 ? conditions.getFirst() : and(conditions);
      List<Job> page =
          MongoFaults.call(
              "reading " + state.wireName() + " jobs",
              () ->
                  jobs.collection()
                      .find(filter)
                      .sort(Sorts.ascending(ID))
                      .limit(PAGE)
                      .map(JobDocuments::job)
                      .into(new ArrayList<>()));
      if (page.isEmpty()) {
        return total;
      }
      long n = step.applyAsLong(page);
      if (n < 0) {
        return -1;
      }
      total += n;
      after = page.getLast().id();
      if (page.size() < PAGE) {
        return total;
      }
    }
  }
}
