package dev.ujm.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The states of a job and the one table of moves between them. Every store checks each write
 * against {@link #canMoveTo(JobState)}; nothing else decides what may follow what.
 *
 * <pre>
 * scheduled --(runAt reached)--> queued --(claimed)--> processing --> completed
 * waiting --(dependencies done)-> queued                 |  ^          +--> failed     (dead letter)
 *                                                        |  +(lease lost)+
 *                                                        |               +--> scheduled  (retry after backoff)
 * any non-final state --(cancel)--> cancelled             failed|cancelled --(retry)--> queued
 * </pre>
 */
public enum JobState {
  /**
   * Waits for its {@code runAt}. In: submit with a future run time, a failed attempt with retries
   * left, the last dependency completing before the run time. Out: the scheduled-job promoter (to
   * queued), cancel.
   */
  SCHEDULED,
  /**
   * Waits for the jobs it depends on. In: submit with open dependencies (they win over a future run
   * time). Out: the last dependency completing (to queued, or to scheduled while its run time is
   * still ahead), cancel.
   */
  WAITING,
  /**
   * Ready to run. In: submit, the promoter, completed dependencies, orphan requeue, a graceful
   * hand-back, retry. Out: a worker's claim, cancel.
   */
  QUEUED,
  /**
   * Held by one worker under a lease. In: claim. Out: complete, fail (to scheduled or failed),
   * cancel, the orphan reaper or a start-up requeue (back to queued), a graceful hand-back
   * (queued).
   */
  PROCESSING,
  /** Final: the handler succeeded. In: complete. */
  COMPLETED,
  /** Final, the dead-letter queue: attempts exhausted or failed for good. In: fail. Out: retry. */
  FAILED,
  /** Final: stopped by a user or by a failed dependency. In: cancel. Out: retry. */
  CANCELLED;

  private static final Map<JobState, Set<JobState>> MOVES =
      Map.of(
          SCHEDULED, EnumSet.of(QUEUED, CANCELLED),
          WAITING, EnumSet.of(QUEUED, SCHEDULED, CANCELLED),
          QUEUED, EnumSet.of(PROCESSING, CANCELLED),
          PROCESSING, EnumSet.of(COMPLETED, FAILED, SCHEDULED, QUEUED, CANCELLED),
          COMPLETED, EnumSet.noneOf(JobState.class),
          FAILED, EnumSet.of(QUEUED),
          CANCELLED, EnumSet.of(QUEUED));

  /** Whether a job in this state may move to {@code next}. */
  public boolean canMoveTo(JobState next) {
    return MOVES.get(this).contains(next);
  }

  /**
   * Checks a move against the table.
   *
   * @throws IllegalTransitionException when the move is not allowed
   */
  public void checkMoveTo(JobState next, String jobId) {
    if (!canMoveTo(next)) {
      throw new IllegalTransitionException(jobId, this, next);
    }
  }

  /** Final states never change again except through an explicit retry. */
  public boolean isFinal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }

  /** The wire name: lower case, as in the API and the database. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a wire name (case-insensitive).
   *
   * @throws IllegalArgumentException for an unknown name
   */
  @JsonCreator
  public static JobState parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("unknown job state '" + name + "'");
    }
  }
}
