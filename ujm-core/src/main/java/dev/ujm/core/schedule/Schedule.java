package dev.ujm.core.schedule;

import java.time.Instant;

/**
 * A stored schedule: its definition, whose it is, and where its evaluation stands. Immutable; every
 * change is a {@link ScheduleStore} method and bumps {@code version}, which {@link
 * ScheduleStore#fire} compares, so two evaluators cannot both act on one fire.
 *
 * @param nextFireAt the earliest fire not handled yet; null when the cron never fires again
 * @param lastFireAt the last fire that made a job (or was triggered by hand)
 * @param lastJobId the job of that fire
 */
public record Schedule(
    String id,
    String tenantId,
    String ownerId,
    ScheduleDefinition definition,
    Instant nextFireAt,
    Instant lastFireAt,
    String lastJobId,
    long version,
    Instant createdAt,
    Instant updatedAt) {

  public boolean enabled() {
    return definition.enabled();
  }

  /** The schedule after one change at {@code now}: the next version, {@code updatedAt} now. */
  public Schedule next(
      ScheduleDefinition newDefinition,
      Instant newNextFireAt,
      Instant newLastFireAt,
      String newLastJobId,
      Instant now) {
    return new Schedule(
        id,
        tenantId,
        ownerId,
        newDefinition,
        newNextFireAt,
        newLastFireAt,
        newLastJobId,
        version + 1,
        createdAt,
        now);
  }
}
