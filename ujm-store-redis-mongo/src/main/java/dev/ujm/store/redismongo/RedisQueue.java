package dev.ujm.store.redismongo;

import static dev.ujm.core.model.JobState.PROCESSING;
import static dev.ujm.core.model.JobState.QUEUED;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobUpdate;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot queue in Redis: per queue a {@code ready} set in claim order and an {@code active} set by
 * lease deadline, changed only by {@link LuaScripts}. It holds ids only; MongoDB decides. So every
 * step here may fail without losing anything: while Redis is down a push is skipped (the {@link
 * Reconciler} puts the job in when Redis is back), a claim finds nothing, and {@link #isHealthy}
 * says so for {@code /ready}. Thread-safe.
 */
final class RedisQueue {
  private static final Logger LOG = LoggerFactory.getLogger(RedisQueue.class);

  private final RedisBackend redis;
  private final AtomicBoolean healthy = new AtomicBoolean(true);

  RedisQueue(RedisBackend redis) {
    this.redis = redis;
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

  /** Pushes queued jobs into their queues' ready sets (unless there already). */
  void push(List<Job> queued) {
    Map<String, List<String>> byQueue = new LinkedHashMap<>();
    for (Job job : queued) {
      List<String> args = byQueue.computeIfAbsent(job.queue(), q -> new ArrayList<>());
      args.add(String.valueOf(job.priority().rank()));
      args.add(job.id());
    }
    byQueue.forEach(
        (queue, args) ->
            attempt(
                "push",
                () -> {
                  redis.sync().sadd(redis.key("queues"), queue);
                  return LuaScripts.REQUEUE.run(
                      redis.sync(),
                      ScriptOutputType.INTEGER,
                      keys(queue),
                      args.toArray(String[]::new));
                }));
  }

  /**
   * Pops up to {@code limit} ids in claim order, holding them in the active set until the deadline.
   */
  List<String> claim(String queue, int limit, long deadlineMillis) {
    List<String> ids =
        attempt(
            "claim",
            () ->
                LuaScripts.CLAIM.<List<String>>run(
                    redis.sync(),
                    ScriptOutputType.MULTI,
                    keys(queue),
                    String.valueOf(limit),
                    String.valueOf(deadlineMillis)));
    return ids == null ? List.of() : ids;
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

  /** Removes ids from a queue's ready and active sets. */
  void finish(String queue, List<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    attempt(
        "finish",
        () ->
            LuaScripts.FINISH.run(
                redis.sync(), ScriptOutputType.INTEGER, keys(queue), ids.toArray(String[]::new)));
  }

  /**
   * Adds what MongoDB holds as queued and Redis lost (see {@link LuaScripts#RECONCILE}); returns
   * how many ids it added, or -1 when Redis is down.
   */
  long reconcile(String queue, List<Job> queued, long nowMillis) {
    if (queued.isEmpty()) {
      return 0;
    }
    List<String> args = new ArrayList<>(queued.size() * 2 + 1);
    args.add(String.valueOf(nowMillis));
    for (Job job : queued) {
      args.add(String.valueOf(job.priority().rank()));
      args.add(job.id());
    }
    Long added =
        attempt(
            "reconcile",
            () -> {
              redis.sync().sadd(redis.key("queues"), queue);
              return LuaScripts.RECONCILE.run(
                  redis.sync(), ScriptOutputType.INTEGER, keys(queue), args.toArray(String[]::new));
            });
    return added == null ? -1 : added;
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

  private String[] keys(String queue) {
    return new String[] {redis.queueKey(queue, "ready"), redis.queueKey(queue, "active")};
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
