package dev.ujm.store.redismongo;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.JobUpdate;
import dev.ujm.core.model.Transition;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.List;

/**
 * The scheduled jobs in Redis by run time, so the promoter asks Redis what is due instead of
 * querying MongoDB: a {@code due} sorted set of job ids scored by {@code runAt} (epoch
 * milliseconds) and a {@code taken} set of the ids a promoter holds, scored by a deadline, both
 * under one hash tag. Like the queue it holds ids only; MongoDB decides.
 *
 * <ol>
 *   <li>A job that becomes scheduled (a delayed submit, a retry after backoff, a dependent released
 *       to a later run time) is added with its run time.
 *   <li>The promoter takes the due ids in one script ({@link #TAKE_DUE}: out of {@code due}, into
 *       {@code taken} until a deadline), moves each job that is still scheduled and due from
 *       scheduled to queued in MongoDB, then lets them go from {@code taken}.
 *   <li>The {@link Reconciler} adds what MongoDB holds as scheduled and Redis lost, and gives back
 *       the ids of a promoter that died before MongoDB once their deadline passed.
 * </ol>
 *
 * While Redis is down every step returns null (the queue's health says so) and the promoter queries
 * MongoDB. Thread-safe.
 */
final class RedisDelayedSet {
  /**
   * Take due: moves up to ARGV[2] ids scored at most ARGV[1] from KEYS[1] (due) to KEYS[2] (taken)
   * with the deadline ARGV[3]; returns them, earliest first.
   */
  private static final String TAKE_DUE =
      """
      local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
      for i = 1, #ids do
        redis.call('ZREM', KEYS[1], ids[i])
        redis.call('ZADD', KEYS[2], ARGV[3], ids[i])
      end
      return ids
      """;

  /**
   * Reconcile: for each pair (run time ARGV[2i], id ARGV[2i+1]) that MongoDB holds as scheduled,
   * adds the id to KEYS[1] (due) unless a promoter holds it in KEYS[2] (taken) with a deadline
   * after ARGV[1]; an id held past its deadline goes back. Returns how many it added.
   */
  private static final String RECONCILE =
      """
      local n = 0
      local now = tonumber(ARGV[1])
      for i = 2, #ARGV, 2 do
        local id = ARGV[i + 1]
        local deadline = redis.call('ZSCORE', KEYS[2], id)
        if not deadline or tonumber(deadline) < now then
          redis.call('ZREM', KEYS[2], id)
          n = n + redis.call('ZADD', KEYS[1], 'NX', ARGV[i], id)
        end
      end
      return n
      """;

  private final RedisBackend redis;
  private final RedisQueue health;
  private final String[] keys;

  RedisDelayedSet(RedisBackend redis, RedisQueue health) {
    this.redis = redis;
    this.health = health;
    this.keys = new String[] {redis.key("{delayed}:due"), redis.key("{delayed}:taken")};
  }

  /** Follows a committed change: a job that became scheduled is added with its run time. */
  void follow(JobUpdate update) {
    if (update.transition() == null) {
      return;
    }
    if (update.job().state() == JobState.SCHEDULED) {
      add(List.of(update.job()));
    } else if (update.transition().from() == JobState.SCHEDULED
        && update.transition().transition() != Transition.PROMOTE) {
      String id = update.job().id();
      health.attempt("unschedule", () -> redis.sync().zrem(keys[0], id)); // cancelled meanwhile
    }
  }

  /** Adds scheduled jobs by run time (a job already there gets its new run time). */
  void add(List<Job> scheduled) {
    if (scheduled.isEmpty()) {
      return;
    }
    Object[] scoresAndIds = new Object[scheduled.size() * 2];
    for (int i = 0; i < scheduled.size(); i++) {
      Job job = scheduled.get(i);
      scoresAndIds[2 * i] = job.runAt() == null ? 0.0 : (double) job.runAt().toEpochMilli();
      scoresAndIds[2 * i + 1] = job.id();
    }
    health.attempt("schedule", () -> redis.sync().zadd(keys[0], scoresAndIds));
  }

  /**
   * Takes up to {@code limit} ids due at {@code nowMillis}, held until {@code deadlineMillis}; null
   * when Redis is down.
   */
  List<String> takeDue(long nowMillis, int limit, long deadlineMillis) {
    return health.attempt(
        "take due jobs",
        () ->
            redis
                .sync()
                .<List<String>>eval(
                    TAKE_DUE,
                    ScriptOutputType.MULTI,
                    keys,
                    String.valueOf(nowMillis),
                    String.valueOf(limit),
                    String.valueOf(deadlineMillis)));
  }

  /** Lets go of taken ids once MongoDB has moved them (or they were not for promoting). */
  void release(List<String> ids) {
    if (!ids.isEmpty()) {
      health.attempt(
          "release due jobs", () -> redis.sync().zrem(keys[1], ids.toArray(String[]::new)));
    }
  }

  /** Puts ids back with their run time (taken, but not due after all). */
  void putBack(List<Job> jobs) {
    add(jobs);
    release(jobs.stream().map(Job::id).toList());
  }

  /**
   * Adds what MongoDB holds as scheduled and Redis lost (see {@link #RECONCILE}); how many it
   * added, or -1 when Redis is down.
   */
  long reconcile(List<Job> scheduled, long nowMillis) {
    if (scheduled.isEmpty()) {
      return 0;
    }
    List<String> args = new ArrayList<>(scheduled.size() * 2 + 1);
    args.add(String.valueOf(nowMillis));
    for (Job job : scheduled) {
      args.add(String.valueOf(job.runAt() == null ? 0 : job.runAt().toEpochMilli()));
      args.add(job.id());
    }
    Long added =
        health.attempt(
            "reconcile scheduled jobs",
            () ->
                redis
                    .sync()
                    .<Long>eval(
                        RECONCILE, ScriptOutputType.INTEGER, keys, args.toArray(String[]::new)));
    return added == null ? -1 : added;
  }
}
