package dev.ujm.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * What a {@link Transition} needs beyond the job and the instant: who asks and why (null takes the
 * move's defaults), and the values some moves write. Each move reads only its own: {@code claim}
 * the worker and lease, {@code complete} the result, {@code retry-later} the error and run time,
 * {@code fail}, {@code expire} and {@code requeue-expired} the error, {@code release-callback} the
 * payload with the batch summary.
 */
public record MoveArgs(
    String actor,
    String reason,
    String workerId,
    Instant leaseUntil,
    JsonNode result,
    JobError error,
    Instant runAt,
    JsonNode payload) {

  private static final MoveArgs DEFAULTS =
      new MoveArgs(null, null, null, null, null, null, null, null);

  /** The move's own actor and reason, nothing else. */
  public static MoveArgs defaults() {
    return DEFAULTS;
  }

  /** An actor and reason of the caller's; either may be null for the move's default. */
  public static MoveArgs by(String actor, String reason) {
    return new MoveArgs(actor, reason, null, null, null, null, null, null);
  }

  /** A claim by this worker, its lease running until the instant. */
  public static MoveArgs claim(String workerId, Instant leaseUntil) {
    return new MoveArgs(null, null, workerId, leaseUntil, null, null, null, null);
  }

  /** A completion with the handler's result (may be null). */
  public static MoveArgs result(JsonNode result) {
    return new MoveArgs(null, null, null, null, result, null, null, null);
  }

  /** A failed attempt's error, and when to run again (null when it fails for good). */
  public static MoveArgs error(JobError error, Instant retryAt) {
    return new MoveArgs(null, null, null, null, null, error, retryAt, null);
  }

  /** A callback's release: its payload with the summary of its batch. */
  public static MoveArgs payload(JsonNode payload) {
    return new MoveArgs(null, null, null, null, null, null, null, payload);
  }

  /** The same arguments with another reason. */
  public MoveArgs withReason(String why) {
    return new MoveArgs(actor, why, workerId, leaseUntil, result, error, runAt, payload);
  }
}
