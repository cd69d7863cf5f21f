package dev.ujm.core.store;

import dev.ujm.core.model.JobState;
import java.time.Instant;
import java.util.Set;

/**
 * Filters for {@link JobStore#find(JobQuery)}; null or empty means "any". Results are newest first.
 *
 * @param cursor the {@code nextCursor} of the previous page, or null for the first
 * @param limit page size, 1 to 1000
 */
public record JobQuery(
    Set<JobState> states,
    String type,
    String queue,
    String tenantId,
    String ownerId,
    String tag,
    Instant createdFrom,
    Instant createdBefore,
    String cursor,
    int limit) {

  public JobQuery {
    states = states == null ? Set.of() : Set.copyOf(states);
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be 1 to 1000, not " + limit);
    }
  }

  public static JobQuery all(int limit) {
    return new JobQuery(null, null, null, null, null, null, null, null, null, limit);
  }

  public JobQuery withCursor(String next) {
    return new JobQuery(
        states, type, queue, tenantId, ownerId, tag, createdFrom, createdBefore, next, limit);
  }

  public JobQuery withStates(Set<JobState> only) {
    return new JobQuery(
        only, type, queue, tenantId, ownerId, tag, createdFrom, createdBefore, cursor, limit);
  }

  public JobQuery withTenant(String tenant) {
    return new JobQuery(
        states, type, queue, tenant, ownerId, tag, createdFrom, createdBefore, cursor, limit);
  }

  public JobQuery withOwner(String owner) {
    return new JobQuery(
        states, type, queue, tenantId, owner, tag, createdFrom, createdBefore, cursor, limit);
  }

  public JobQuery withType(String onlyType) {
    return new JobQuery(
        states, onlyType, queue, tenantId, ownerId, tag, createdFrom, createdBefore, cursor, limit);
  }

  public JobQuery withQueue(String onlyQueue) {
    return new JobQuery(
        states, type, onlyQueue, tenantId, ownerId, tag, createdFrom, createdBefore, cursor, limit);
  }

  public JobQuery withTag(String onlyTag) {
    return new JobQuery(
        states, type, queue, tenantId, ownerId, onlyTag, createdFrom, createdBefore, cursor, limit);
  }

  public JobQuery withCreated(Instant from, Instant before) {
    return new JobQuery(states, type, queue, tenantId, ownerId, tag, from, before, cursor, limit);
  }
}
