package dev.ujm.core.model;

import java.time.Instant;

/**
 * One failed attempt.
 *
 * @param type a short machine name, usually the exception's simple class name ({@code
 *     TimeoutException}, {@code lease-expired})
 * @param message what went wrong, for people
 * @param attempt the attempt that failed
 * @param at when
 */
public record JobError(String type, String message, int attempt, Instant at) {

  /** The error the orphan reaper records for an attempt whose lease ran out. */
  public static JobError leaseExpired(Job job, Instant at) {
    return new JobError(
        "lease-expired",
        "the lease of worker " + job.workerId() + " expired at " + job.leaseUntil(),
        job.attempt(),
        at);
  }
}
