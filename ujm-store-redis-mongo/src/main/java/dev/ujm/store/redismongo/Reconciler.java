package dev.ujm.store.redismongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static dev.ujm.store.redismongo.JobDocuments.ID;
import static dev.ujm.store.redismongo.JobDocuments.QUEUE;
import static dev.ujm.store.redismongo.JobDocuments.STATE;

import com.mongodb.client.model.Sorts;
import dev.ujm.core.duty.Duty;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.bson.conversions.Bson;

/**
 * Rebuilds the Redis queue from MongoDB, the source of truth, after Redis lost data (a restart
 * without persistence, {@code FLUSHALL}, a failover to an empty replica) or missed pushes while it
 * was down.
 *
 * <ol>
 *   <li>Lists the queues that hold queued jobs in MongoDB.
 *   <li>Pages through each queue's queued jobs in claim order, a thousand at a time.
 *   <li>Hands each page to {@link LuaScripts#RECONCILE}, which adds an id unless Redis has it
 *       already or a claim in flight holds it, so nothing is ever queued twice; a claim whose
 *       claimer died between Redis and MongoDB is given back once its deadline passed.
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
  private final InstantSource clock;

  Reconciler(MongoJobs jobs, RedisQueue queue, RedisDelayedSet delayed, InstantSource clock) {
    this(jobs, queue, delayed, clock, Duration.ofSeconds(2));
  }

  Reconciler(
      MongoJobs jobs,
      RedisQueue queue,
      RedisDelayedSet delayed,
      InstantSource clock,
      Duration interval) {
    super("queue-reconciler", interval);
    this.jobs = jobs;
    this.queue = queue;
    this.delayed = delayed;
    this.clock = clock;
  }

  /** One pass; returns how many ids it put back into Redis (0 while Redis is down). */
  @Override
  public int runOnce() {
    List<String> queues =
        MongoFaults.call(
            "listing queues",
            () ->
                jobs.collection()
                    .distinct(QUEUE, eq(STATE, JobState.QUEUED.wireName()), String.class)
                    .into(new ArrayList<>()));
    long added = 0;
    for (String name : queues) {
      String after = null;
      while (true) {
        Bson filter =
            after == null
                ? and(eq(STATE, JobState.QUEUED.wireName()), eq(QUEUE, name))
                : and(eq(STATE, JobState.QUEUED.wireName()), eq(QUEUE, name), gt(ID, after));
        List<Job> page = page(filter);
        if (page.isEmpty()) {
          break;
        }
        long n = queue.reconcile(name, page, clock.millis());
        if (n < 0) {
          return (int) added; // Redis is down: the next pass tries again
        }
        added += n;
        after = page.getLast().id();
        if (page.size() < PAGE) {
          break;
        }
      }
    }
    long scheduled = reconcileScheduled();
    return (int) Math.min(Integer.MAX_VALUE, added + Math.max(0, scheduled));
  }

  /** The scheduled jobs, a page at a time, into the delayed set; -1 when Redis is down. */
  private long reconcileScheduled() {
    long added = 0;
    String after = null;
    while (true) {
      Bson filter =
          after == null
              ? eq(STATE, JobState.SCHEDULED.wireName())
              : and(eq(STATE, JobState.SCHEDULED.wireName()), gt(ID, after));
      List<Job> page = page(filter);
      if (page.isEmpty()) {
        return added;
      }
      long n = delayed.reconcile(page, clock.millis());
      if (n < 0) {
        return -1;
      }
      added += n;
      after = page.getLast().id();
      if (page.size() < PAGE) {
        return added;
      }
    }
  }

  private List<Job> page(Bson filter) {
    return MongoFaults.call(
        "reading jobs to reconcile",
        () ->
            jobs.collection()
                .find(filter)
                .sort(Sorts.ascending(ID))
                .limit(PAGE)
                .map(JobDocuments::job)
                .into(new ArrayList<>()));
  }
}
