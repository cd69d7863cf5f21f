package dev.ujm.core.schedule;

/**
 * What a person says about a schedule (create and replace): its name, cron, time zone, job and
 * policies, and whether it is enabled. Checked by {@link ScheduleService} before a store sees it.
 *
 * @param timeZone an IANA zone id such as {@code Europe/Berlin}
 * @param catchUpLimit most jobs a {@link Misfire#CATCH_UP} makes for one outage
 */
public record ScheduleDefinition(
    String name,
    String cron,
    String timeZone,
    JobTemplate job,
    Misfire misfire,
    Overlap overlap,
    int catchUpLimit,
    boolean enabled) {

  /** The same definition, paused ({@code false}) or running. */
  public ScheduleDefinition withEnabled(boolean value) {
    return new ScheduleDefinition(name, cron, timeZone, job, misfire, overlap, catchUpLimit, value);
  }
}
