package dev.ujm.core.worker;

import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobError;
import dev.ujm.core.model.RetryBackoff;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long a failed attempt waits before the next one: exponential backoff from {@code base} up to
 * {@code cap}, with jitter so that many jobs failing together do not retry together. A job's own
 * {@link RetryBackoff} replaces base and cap for that job.
 *
 * <ul>
 *   <li>{@link Jitter#EQUAL} (the default): a uniform delay in {@code [d/2, d]} with {@code d =
 *       min(cap, base * 2^(attempt-1))}: the wait grows with every attempt and is never shorter
 *       than half its step.
 *   <li>{@link Jitter#FULL}: a uniform delay in {@code [0, min(cap, base * 2^(attempt-1))]}.
 *   <li>{@link Jitter#DECORRELATED}: a uniform delay in {@code [base, min(cap, 3 * previous
 *       delay)]}, where the previous delay is read from the job itself (its run time minus the time
 *       its last attempt failed).
 * </ul>
 *
 * <p>Whether a job is retried at all is not decided here: the store moves a job to the dead-letter
 * queue when its attempts are used up. Immutable and thread-safe when its random generator is.
 */
public final class RetryPolicy {
  /** The jitter strategies. */
  public enum Jitter {
    EQUAL,
    FULL,
    DECORRELATED
  }

  private final Jitter jitter;
  private final Duration base;
  private final Duration cap;
  private final RandomGenerator random;

  /**
   * @param random the source of jitter; tests pass a fixed one
   * @throws IllegalArgumentException when base is not positive or cap is shorter than base
   */
  public RetryPolicy(Jitter jitter, Duration base, Duration cap, RandomGenerator random) {
    this.jitter = Objects.requireNonNull(jitter, "jitter");
    this.base = Objects.requireNonNull(base, "base");
    this.cap = Objects.requireNonNull(cap, "cap");
    this.random = Objects.requireNonNull(random, "random");
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("retry base must be positive and no longer than the cap");
    }
  }

  /** Equal jitter from 5 seconds up to 1 hour, the defaults of the configuration. */
  public static RetryPolicy defaults() {
    return from(UjmConfig.defaults());
  }

  /** Equal jitter from {@code UJM_RETRY_BASE_SECONDS} up to {@code UJM_RETRY_MAX_SECONDS}. */
  public static RetryPolicy from(UjmConfig config) {
    return new RetryPolicy(
        Jitter.EQUAL, config.retryBase(), config.retryMax(), RandomGenerator.getDefault());
  }

  /**
   * The delay after the given failed attempt.
   *
   * @param attempt the attempt that failed, from 1
   * @param previousDelay the delay before that attempt, or null when it was the first (used by
   *     decorrelated jitter)
   */
  public Duration delayAfter(int attempt, Duration previousDelay) {
    return delayAfter(attempt, previousDelay, base.toMillis(), cap.toMillis());
  }

  private Duration delayAfter(
      int attempt, Duration previousDelay, long baseMillis, long capMillis) {
    return switch (jitter) {
      case EQUAL -> {
        long ceiling = ceilingOf(baseMillis, Math.max(0, attempt - 1), capMillis);
        yield Duration.ofMillis(uniform(ceiling / 2, ceiling));
      }
      case FULL -> {
        long ceiling = ceilingOf(baseMillis, Math.max(0, attempt - 1), capMillis);
        yield Duration.ofMillis(uniform(0, ceiling));
      }
      case DECORRELATED -> {
        long previous =
            previousDelay == null ? baseMillis : Math.max(baseMillis, previousDelay.toMillis());
        long ceiling = Math.min(capMillis, previous > capMillis / 3 ? capMillis : previous * 3);
        yield Duration.ofMillis(uniform(baseMillis, ceiling));
      }
    };
  }

  /**
   * When a job whose attempt just failed runs again.
   *
   * @param job the job as it was claimed for the failed attempt
   * @param now the time of the failure
   */
  public Instant retryAt(Job job, Instant now) {
    RetryBackoff own = job.retryBackoff();
    long baseMillis = own == null ? base.toMillis() : own.baseSeconds() * 1000L;
    long capMillis = own == null ? cap.toMillis() : own.maxSeconds() * 1000L;
    return now.plus(delayAfter(job.attempt(), previousDelayOf(job), baseMillis, capMillis));
  }

  /**
   * The delay the job waited before its current attempt, read from its last error and its run time.
   */
  static Duration previousDelayOf(Job job) {
    JobError last = job.lastError();
    if (last == null
        || last.at() == null
        || job.runAt() == null
        || job.runAt().isBefore(last.at())) {
      return null;
    }
    return Duration.between(last.at(), job.runAt());
  }

  private static long ceilingOf(long baseMillis, int doublings, long capMillis) {
    long ceiling = baseMillis;
    for (int i = 0; i < doublings && ceiling < capMillis; i++) {
      ceiling = ceiling > capMillis / 2 ? capMillis : ceiling * 2;
    }
    return Math.min(ceiling, capMillis);
  }

  private long uniform(long from, long to) {
    return to <= from ? from : from + random.nextLong(to - from + 1);
  }

  @Override
  public String toString() {
    return "RetryPolicy[" + jitter + ", base " + base + ", cap " + cap + "]";
  }
}
