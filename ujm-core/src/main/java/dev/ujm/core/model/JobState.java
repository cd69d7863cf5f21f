package dev.ujm.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The states of a job. What may follow what is decided by the one table of named moves, {@link
 * Transition}; {@link #canMoveTo(JobState)} is derived from it.
 *
 * <pre>
 * scheduled --(runAt reached)--> queued --(claimed)--> processing --> completed
 * waiting --(dependencies done)-> queued                 |  ^          +--> failed     (dead letter)
 *                                                        |  +(lease lost)+
 *                                                        |               +--> scheduled  (retry after backoff)
 * any non-final state --(cancel)--> cancelled             failed|cancelled --(retry)--> queued
 *                                                          (or waiting, while a dependency is open)
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
   * time), a retry while a dependency is still open, a retried dependency re-arming the jobs its
   * failure had cancelled. Out: the last dependency completing (to queued, or to scheduled while
   * its run time is still ahead), a dependency failing (cancelled), cancel.
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
  /**
   * Final: stopped by a user, by its handler or by a failed dependency. In: cancel. Out: retry, or
   * re-armed (to waiting) when the dependency whose failure cancelled it is retried.
   */
  CANCELLED;

  /** The allowed moves, derived from the one table of named moves in {@link Transition}. */
  private static final class Moves {
    static final Map<JobState, Set<JobState>> ALLOWED = derive();

    private static Map<JobState, Set<JobState>> derive() {
      Map<JobState, Set<JobState>> allowed = new EnumMap<>(JobState.class);
      for (JobState state : values()) {
        allowed.put(state, EnumSet.noneOf(JobState.class));
      }
      for (Transition move : Transition.values()) {
        move.from().forEach(from -> allowed.get(from).add(move.to()));
      }
      return allowed;
    }
  }

  /** Whether a job in this state may move to {@code next}. */
  public boolean canMoveTo(JobState next) {
    return Moves.ALLOWED.get(this).contains(next);
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
