package dev.ujm.store.redismongo;

import static dev.ujm.core.model.JobState.PROCESSING;
import static dev.ujm.core.model.JobState.QUEUED;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobUpdate;
import dev.ujm.core.tenant.Tenant;
import dev.ujm.core.tenant.TenantDefaults;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot queue in Redis: per queue and tenant a {@code ready} set in claim order, per queue the
 * tenants' turns of the fair order, an {@code active} set by lease deadline and a mirror of the
 * tenants' weights and limits, all under the queue's hash tag, and per tenant the count of its jobs
 * held over every queue ({@link RedisRunningCounts}, a slot of its own), changed only by {@link
 * LuaScripts}. No command or script touches two slots, so the layout works on Redis Cluster. It
 * holds ids only; MongoDB decides. So every step here may fail without losing anything: while Redis
 * is down a push is skipped (the {@link Reconciler} puts the job in when Redis is back), a claim
 * finds nothing, and {@link #isHealthy} says so for {@code /ready}. Thread-safe.
 */
final class RedisQueue {
  private static final Logger LOG = LoggerFactory.getLogger(RedisQueue.class);

  private final RedisBackend redis;
  private final RedisRunningCounts running;
  private final AtomicBoolean healthy = new AtomicBoolean(true);
  private volatile TenantDefaults defaults = TenantDefaults.NONE;

  RedisQueue(RedisBackend redis) {
    this.redis = redis;
    this.running = new RedisRunningCounts(redis);
  }

  /** Follows a committed change: a job that became queued is pushed, one that left is removed. */
  void follow(JobUpdate update) {
    if (update.transition() == null) {
      return;
    }
    Job job = update.job();
    if (job.state() == QUEUED) {
      push(List.of(job));
    } else if (job.state() != PROCESSING
        && (update.transition().from() == QUEUED || update.transition().from() == PROCESSING)) {
      finish(job.queue(), List.of(job.id()));
    }
  }

  /** Pushes queued jobs into their tenants' ready sets of their queues (unless there already). */
  void push(List<Job> queued) {
    Map<String, List<String>> byQueue = new LinkedHashMap<>();
    for (Job job : queued) {
      List<String> args = byQueue.computeIfAbsent(job.queue(), this::fairArgs);
      addJob(args, job.priority().rank(), job);
    }
    byQueue.forEach(
        (queue, args) ->
            attempt(
                "push",
                () -> {
                  if (redis.sync().sadd(redis.key("queues"), queue) == 1) {
                    seedShares(queue);
                  }
                  return run(LuaScripts.REQUEUE, queue, args);
                }));
  }

  /**
   * Pops up to {@code limit} ids in the fair order across tenants (see {@link LuaScripts#CLAIM}),
   * holding them in the active set until the deadline, each counted against its tenant's {@code
   * maxRunning} over every queue. An id refused because its tenant holds its limit in other queues
   * goes back where it was (its tenant keeps its turn) and the claim goes on without that tenant,
   * so it returns only ids whose count held.
   */
  List<String> claim(String queue, int limit, long deadlineMillis) {
    List<String> claimed = new ArrayList<>();
    Set<String> full = new LinkedHashSet<>();
    while (claimed.size() < limit) {
      int wanted = limit - claimed.size();
      String token = UUID.randomUUID().toString();
      List<Popped> popped = pop(queue, wanted, deadlineMillis, token, full);
      if (popped == null || popped.isEmpty()) {
        break;
      }
      List<Boolean> counted =
          attempt(
              "count claims",
              () -> running.reserve(queue, popped.stream().map(p -> p.candidate(token)).toList()));
      if (counted == null) {
        giveBack(queue, token, popped); // not handed out: back now, or the reconciler will
        break;
      }
      List<Popped> refused = new ArrayList<>();
      for (int i = 0; i < popped.size(); i++) {
        if (counted.get(i)) {
          claimed.add(popped.get(i).id());
        } else {
          refused.add(popped.get(i));
          full.add(popped.get(i).tenant());
        }
      }
      if (refused.isEmpty() && popped.size() < wanted) {
        break; // nothing more for anyone
      }
      giveBack(queue, token, refused);
    }
    return claimed;
  }

  /** An id {@link LuaScripts#CLAIM} popped: its tenant and limit, rank and the pass it added. */
  private record Popped(String id, String tenant, String maxRunning, String rank, String step) {
    RedisRunningCounts.Candidate candidate(String token) {
      return new RedisRunningCounts.Candidate(tenant, id, token, maxRunning);
    }
  }

  private List<Popped> pop(
      String queue, int limit, long deadlineMillis, String token, Set<String> full) {
    List<String> args = fairArgs(queue);
    args.add(String.valueOf(limit));
    args.add(String.valueOf(deadlineMillis));
    TenantDefaults defaults = this.defaults;
    args.add(String.valueOf(defaults.weight()));
    Integer maxRunning = defaults.quotas().maxRunning();
    args.add(maxRunning == null ? "" : String.valueOf(maxRunning));
    args.add(token);
    args.addAll(full);
    List<String> out =
        attempt(
            "claim",
            () ->
                LuaScripts.CLAIM.<List<String>>run(
                    redis.sync(),
                    ScriptOutputType.MULTI,
                    fairKeys(queue),
                    args.toArray(String[]::new)));
    if (out == null) {
      return null;
    }
    List<Popped> popped = new ArrayList<>(out.size() / 5);
    for (int i = 0; i < out.size(); i += 5) {
      popped.add(
          new Popped(out.get(i), out.get(i + 1), out.get(i + 2), out.get(i + 3), out.get(i + 4)));
    }
    return popped;
  }

  /** Puts popped ids back into their ready sets (see {@link LuaScripts#GIVE_BACK}). */
  private void giveBack(String queue, String token, List<Popped> popped) {
    if (popped.isEmpty()) {
      return;
    }
    List<String> args = fairArgs(queue);
    args.add(token);
    for (Popped p : popped) {
      args.addAll(List.of(p.id(), p.tenant(), p.rank(), p.step()));
    }
    attempt(
        "give back claims",
        () ->
            LuaScripts.GIVE_BACK.<Long>run(
                redis.sync(),
                ScriptOutputType.INTEGER,
                fairKeys(queue),
                args.toArray(String[]::new)));
  }

  /** Moves the active deadline of held ids. */
  void extend(String queue, List<String> ids, long deadlineMillis) {
    if (ids.isEmpty()) {
      return;
    }
    List<String> args = new ArrayList<>(ids.size() + 1);
    args.add(String.valueOf(deadlineMillis));
    args.addAll(ids);
    attempt(
        "extend",
        () ->
            LuaScripts.EXTEND.run(
                redis.sync(),
                ScriptOutputType.INTEGER,
                new String[] {redis.queueKey(queue, "active")},
                args.toArray(String[]::new)));
  }

  /** Removes ids from a queue's ready and active sets; each one held counts as running no more. */
  void finish(String queue, List<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    List<String> args = fairArgs(queue);
    args.addAll(ids);
    attempt("finish", () -> run(LuaScripts.FINISH, queue, args));
  }

  /**
   * Adds what MongoDB holds as queued and Redis lost (see {@link LuaScripts#RECONCILE}); returns
   * how many ids it added, or -1 when Redis is down.
   */
  long reconcile(String queue, List<Job> queued, long nowMillis) {
    if (queued.isEmpty()) {
      return 0;
    }
    List<String> args = fairArgs(queue);
    args.add(String.valueOf(nowMillis));
    queued.forEach(job -> addJob(args, job.priority().rank(), job));
    Long added =
        attempt(
            "reconcile",
            () -> {
              redis.sync().sadd(redis.key("queues"), queue);
              return run(LuaScripts.RECONCILE, queue, args);
            });
    return added == null ? -1 : added;
  }

  /**
   * Holds again what MongoDB holds as processing and Redis lost, and counts every one of them as
   * running for its tenant (see {@link LuaScripts#HOLD}; again, where the tenants' slot lost it);
   * returns how many ids it added, or -1 when Redis is down.
   */
  long hold(String queue, List<Job> processing) {
    if (processing.isEmpty()) {
      return 0;
    }
    List<String> args = fairArgs(queue);
    args.add(UUID.randomUUID().toString());
    processing.forEach(job -> addJob(args, job.leaseUntil().toEpochMilli(), job));
    Long added =
        attempt(
            "hold",
            () -> {
              List<Object> out = script(LuaScripts.HOLD, queue, args);
              running.ensure(queue, held(out));
              return (Long) out.getFirst();
            });
    return added == null ? -1 : added;
  }

  /**
   * The ids a queue's active set holds (claimed, or popped by a claim in flight); null when down.
   */
  List<String> held(String queue) {
    return attempt("list held", () -> redis.sync().zrange(redis.queueKey(queue, "active"), 0, -1));
  }

  /**
   * The weight and {@code maxRunning} of a tenant without a record, or whose record leaves them out
   * ({@code UJM_TENANT_DEFAULT_*}): given to every claim, and filled into the records mirrored from
   * now on.
   */
  void useDefaults(TenantDefaults defaults) {
    this.defaults = defaults;
  }

  /**
   * Mirrors tenant records into Redis, where the claim reads each one's weight and {@code
   * maxRunning}, what a record leaves out filled from the defaults: into the deployment's mirror
   * ({@code {tenants}:shares}, from which a new queue's is seeded), then into the mirror of every
   * queue Redis knows, each in its queue's slot. A tenant without a record is served with the
   * defaults, which each claim carries.
   */
  void mirror(List<Tenant> tenants) {
    mirror(tenants, Set.of());
  }

  /** As {@link #mirror(List)}, into the mirrors of {@code queues} too (known to Redis or not). */
  void mirror(List<Tenant> tenants, Set<String> queues) {
    if (tenants.isEmpty()) {
      return;
    }
    TenantDefaults defaults = this.defaults;
    Map<String, String> shares = new LinkedHashMap<>();
    for (Tenant tenant : tenants) {
      Integer maxRunning = defaults.maxRunningOf(tenant);
      shares.put(
          tenant.id(), defaults.weightOf(tenant) + "|" + (maxRunning == null ? "" : maxRunning));
    }
    attempt(
        "mirror tenants",
        () -> {
          // first the deployment's, then the queues': a queue that is new meanwhile is seeded
          // from the deployment's after it joined the queues, so it sees this change either way
          redis.sync().hset(redis.key("{tenants}:shares"), shares);
          Set<String> all = new LinkedHashSet<>(redis.sync().smembers(redis.key("queues")));
          all.addAll(queues);
          all.forEach(queue -> redis.sync().hset(redis.queueKey(queue, "shares"), shares));
          return all.size();
        });
  }

  /**
   * Copies the deployment's mirror into a queue's that just joined the queues, where the tenant is
   * not there yet (a record's change written since is newer).
   */
  private void seedShares(String queue) {
    Map<String, String> shares = redis.sync().hgetall(redis.key("{tenants}:shares"));
    if (shares.isEmpty()) {
      return;
    }
    List<String> args = new ArrayList<>(shares.size() * 2);
    shares.forEach(
        (tenant, share) -> {
          args.add(tenant);
          args.add(share);
        });
    LuaScripts.SEED.<Long>run(
        redis.sync(),
        ScriptOutputType.INTEGER,
        new String[] {redis.queueKey(queue, "shares")},
        args.toArray(String[]::new));
  }

  /**
   * Lets go of the counts of ids no queue's active set holds any more with the token they were
   * counted with (see {@link RedisRunningCounts#sweep}); false when Redis is down.
   */
  boolean sweepRunningCounts() {
    return attempt("sweep running counts", running::sweep) != null;
  }

  /** The queues Redis knows of. */
  Set<String> queues() {
    Set<String> queues = attempt("list queues", () -> redis.sync().smembers(redis.key("queues")));
    return queues == null ? Set.of() : queues;
  }

  /** Whether the last call to Redis succeeded (or a ping does now). */
  boolean isHealthy() {
    if (!healthy.get() && redis.ping()) {
      healthy.set(true);
    }
    return healthy.get();
  }

  /** The keys of the fair scripts, in the order {@link LuaScripts} names them. */
  private String[] fairKeys(String queue) {
    return new String[] {
      redis.queueKey(queue, "active"),
      redis.queueKey(queue, "jobs"),
      redis.queueKey(queue, "turns"),
      redis.queueKey(queue, "passes"),
      redis.queueKey(queue, "highest"),
      redis.queueKey(queue, "running"),
      redis.queueKey(queue, "shares"),
      redis.queueKey(queue, "claims")
    };
  }

  /** The first argument of every fair script: the prefix of the queue's per-tenant ready sets. */
  private List<String> fairArgs(String queue) {
    List<String> args = new ArrayList<>();
    args.add(redis.queueKey(queue, "ready:"));
    return args;
  }

  /**
   * Runs a script that takes ids out of active, then lets go of their counts; returns the script's
   * own count. An id whose count was not let go (a failure in between) is swept by the reconciler.
   */
  private Long run(LuaScripts script, String queue, List<String> args) {
    List<Object> out = script(script, queue, args);
    running.release(held(out));
    return (Long) out.getFirst();
  }

  private List<Object> script(LuaScripts script, String queue, List<String> args) {
    return script.run(
        redis.sync(), ScriptOutputType.MULTI, fairKeys(queue), args.toArray(String[]::new));
  }

  /** The (tenant, id, token) triples after a script's count. */
  private static List<RedisRunningCounts.Held> held(List<Object> out) {
    List<RedisRunningCounts.Held> held = new ArrayList<>((out.size() - 1) / 3);
    for (int i = 1; i + 2 < out.size(); i += 3) {
      held.add(
          new RedisRunningCounts.Held(
              (String) out.get(i), (String) out.get(i + 1), (String) out.get(i + 2)));
    }
    return held;
  }

  /** Adds a job to a script's arguments as (score, id, tenant, cost). */
  private static void addJob(List<String> args, long score, Job job) {
    args.add(String.valueOf(score));
    args.add(job.id());
    args.add(tenantKey(job));
    args.add(String.valueOf(job.cost()));
  }

  /** A job's tenant as Redis keys it: its id, or the empty string for none. */
  private static String tenantKey(Job job) {
    return job.tenantId() == null ? "" : job.tenantId();
  }

  /**
   * Runs one step against Redis; null when Redis failed (logged once per outage). The other Redis
   * structures of the store ({@link RedisDelayedSet}) share this health.
   */
  <T> T attempt(String what, Supplier<T> step) {
    try {
      T out = step.get();
      if (healthy.compareAndSet(false, true)) {
        LOG.info("Redis answers again; the reconciler puts back what it missed");
      }
      return out;
    } catch (RedisException e) {
      if (healthy.compareAndSet(true, false)) {
        LOG.warn(
            "Redis does not answer ({} failed: {}); jobs are kept in MongoDB and queued when it is"
                + " back",
            what,
            e.getMessage());
      }
      return null;
    }
  }
}
