package dev.ujm.store.redismongo;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.JobUpdate;
import dev.ujm.core.model.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The progress of running jobs, at once in Redis and in MongoDB only every {@link #MONGO_EVERY}: a
 * report goes to a status hash per job ({@code state, workerId, attempt, progress, updatedN}) that
 * expires a minute after the lease, and to MongoDB when it is the attempt's first, when the last
 * one written there is older than {@link #MONGO_EVERY}, or when Redis does not answer. The final
 * move of an attempt carries the last report into MongoDB with it ({@link #latest}), so a finished
 * job holds its last progress; its status hash is deleted then.
 *
 * <p>A read of a running job ({@link #overlay}) takes the progress from the hash when it is of the
 * same attempt and newer than the document's. What this node reported and MongoDB has not is kept
 * in memory until the attempt ends. Thread-safe.
 */
final class RedisStatusCache {
  /** At most one progress write to MongoDB per job in this span. */
  static final Duration MONGO_EVERY = Duration.ofSeconds(3);

  private static final Duration AFTER_LEASE = Duration.ofMinutes(1);

  /** A report of this node that MongoDB may not have yet. */
  private record Report(int attempt, Progress progress, Instant writtenToMongo) {}

  private final RedisBackend redis;
  private final RedisQueue health;
  private final Map<String, Report> reports = new ConcurrentHashMap<>();

  RedisStatusCache(RedisBackend redis, RedisQueue health) {
    this.redis = redis;
    this.health = health;
  }

  /**
   * Records a report of {@code next} (the job as read, with the new progress); returns whether it
   * must also go to MongoDB now.
   */
  boolean report(Job next, Instant now) {
    Report last = reports.get(next.id());
    boolean due =
        last == null
            || last.attempt() != next.attempt()
            || !now.isBefore(last.writtenToMongo().plus(MONGO_EVERY));
    boolean toMongo = !put(next, now) || due;
    reports.put(
        next.id(),
        new Report(next.attempt(), next.progress(), toMongo ? now : last.writtenToMongo()));
    return toMongo;
  }

  /** The job as read with this node's newer report of the same attempt, for its final move. */
  Job latest(Job job) {
    Report report = reports.get(job.id());
    return report == null || report.attempt() != job.attempt() || job.state() != JobState.PROCESSING
        ? job
        : job.toBuilder().progress(report.progress()).build();
  }

  /** Forgets a job's report once its attempt ended, and deletes its status hash. */
  void follow(JobUpdate update) {
    Job job = update.job();
    if (job.state() != JobState.PROCESSING && reports.remove(job.id()) != null) {
      health.attempt("drop a status", () -> redis.sync().del(key(job.id())));
    }
  }

  /** A running job's progress from the status hash, when it is of its attempt and newer. */
  Job overlay(Job job) {
    if (job.state() != JobState.PROCESSING) {
      return job;
    }
    Map<String, String> status =
        health.attempt("read a status", () -> redis.sync().hgetall(key(job.id())));
    if (status == null
        || status.isEmpty()
        || !String.valueOf(job.attempt()).equals(status.get("attempt"))
        || !String.valueOf(job.workerId()).equals(status.get("workerId"))) {
      return job;
    }
    Instant at = JobDocuments.instant(Long.parseLong(status.get("updatedN")));
    if (job.updatedAt() != null && !at.isAfter(job.updatedAt())) {
      return job;
    }
    return job.toBuilder()
        .progress(JobDocuments.read(status.get("progress"), Progress.class))
        .updatedAt(at)
        .build();
  }

  private boolean put(Job job, Instant now) {
    String key = key(job.id());
    // relative to the store's clock: Redis's own clock need not agree with it
    Duration ttl =
        (job.leaseUntil() == null || job.leaseUntil().isBefore(now)
                ? Duration.ZERO
                : Duration.between(now, job.leaseUntil()))
            .plus(AFTER_LEASE);
    Object done =
        health.attempt(
            "write a status",
            () -> {
              redis
                  .sync()
                  .hset(
                      key,
                      Map.of(
                          "state", job.state().wireName(),
                          "workerId", String.valueOf(job.workerId()),
                          "attempt", String.valueOf(job.attempt()),
                          "progress", JobDocuments.write(job.progress()),
                          "updatedN", String.valueOf(JobDocuments.nanos(job.updatedAt()))));
              return redis.sync().pexpire(key, ttl.toMillis());
            });
    return done != null;
  }

  private String key(String jobId) {
    return redis.key("status:" + jobId);
  }
}
