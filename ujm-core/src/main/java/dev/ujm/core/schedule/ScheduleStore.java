package dev.ujm.core.schedule;

import dev.ujm.core.store.Page;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The storage seam of recurring jobs, a sibling of {@link dev.ujm.core.store.JobStore} implemented
 * by the same backend: {@link #fire} submits jobs through the backend's job store. Knows nothing of
 * cron; {@link ScheduleService} and {@link ScheduleEvaluator} compute the instants. Every change
 * bumps the schedule's version. Thread-safe; {@code ujm-store-tck}'s {@code ScheduleContract} is
 * its executable form, run with several evaluators on one data set.
 *
 * <p>Never twice: each fire's job carries the idempotency key {@code schedule:<id>:<fire instant>},
 * so the job store itself keeps one job per fire whatever number of nodes evaluate; and {@link
 * #fire} writes a decision only while the schedule is still at the version it was made on.
 */
public interface ScheduleStore {

  /**
   * Stores a new schedule at version 1.
   *
   * @param nextFireAt its first fire after now
   */
  Schedule create(
      String tenantId, String ownerId, ScheduleDefinition definition, Instant nextFireAt);

  /**
   * Replaces a schedule's definition (its history, last run and id stay).
   *
   * @throws ScheduleNotFoundException when there is none
   */
  Schedule replace(String scheduleId, ScheduleDefinition definition, Instant nextFireAt);

  /** Disables a schedule; a paused schedule makes no jobs and misses nothing. */
  Schedule pause(String scheduleId);

  /** Enables a schedule again from {@code nextFireAt} (the first fire after now). */
  Schedule resume(String scheduleId, Instant nextFireAt);

  /**
   * Deletes a schedule and its history; the jobs it made stay.
   *
   * @throws ScheduleNotFoundException when there is none
   */
  void delete(String scheduleId);

  Optional<Schedule> getSchedule(String scheduleId);

  /** Schedules matching the query, newest first, one page at a time. */
  Page<Schedule> findSchedules(ScheduleQuery query);

  /**
   * Up to {@code limit} enabled schedules whose next fire is at or before {@code now}, earliest
   * first.
   */
  List<Schedule> due(Instant now, int limit);

  /**
   * Makes one evaluation's decision in one step: when the schedule is still at {@code
   * expectedVersion} (or always, for a trigger), submits the jobs (idempotently, by their keys),
   * appends the history lines, moves {@code nextFireAt} and the last run, and bumps the version;
   * otherwise writes nothing. A job submit the job store refuses fails the whole step.
   *
   * @throws ScheduleNotFoundException when there is no such schedule
   */
  FireResult fire(FireRequest request);

  /** The schedule's history, newest first; the cursor is the last line's position. */
  Page<ScheduleFire> fires(String scheduleId, String cursor, int limit);
}
