package dev.ujm.core.schedule;

/**
 * Filters of {@link ScheduleStore#findSchedules}; null means any. Pages go newest first, by id.
 *
 * @param limit 1 to 1000
 */
public record ScheduleQuery(String tenantId, String ownerId, String cursor, int limit) {
  public ScheduleQuery {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be 1 to 1000, not " + limit);
    }
  }
}
