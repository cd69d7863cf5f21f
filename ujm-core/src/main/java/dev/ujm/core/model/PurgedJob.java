package dev.ujm.core.model;

import java.time.Instant;

/**
 * What a store keeps of a job after retention purged it: whom it belonged to and how it ended, next
 * to its audit trail ({@link dev.ujm.core.store.JobStore#history}), until the audit retention
 * ({@code UJM_AUDIT_RETENTION_DAYS}) removes both. Enough to decide who may still read that trail.
 *
 * @param state the final state it was purged in
 * @param finishedAt when it reached that state; the audit retention counts from here
 * @param purgedAt when retention purged it
 */
public record PurgedJob(
    String id,
    String type,
    String tenantId,
    String ownerId,
    JobState state,
    Instant createdAt,
    Instant finishedAt,
    Instant purgedAt) {

  /** What is kept of a final job that retention purges at {@code purgedAt}. */
  public static PurgedJob of(Job job, Instant purgedAt) {
    return new PurgedJob(
        job.id(),
        job.type(),
        job.tenantId(),
        job.ownerId(),
        job.state(),
        job.createdAt(),
        job.finishedAt(),
        purgedAt);
  }
}
