package dev.ujm.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A snapshot of one job as a store holds it. Immutable; every change is made by a store method and
 * yields a new snapshot. The meaning of each field is in docs/architecture.md (the job model).
 *
 * @param errors one entry per failed attempt, oldest first
 * @param retryBackoff the job's own retry backoff, or null for the node's
 * @param rule when it may run once its dependencies have ended; null for the default
 * @param cost what one attempt of it costs in the fair order of claims and in metered usage (a
 *     no-op 1, a crawl its pages); positive
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Job(
    String id,
    String type,
    String queue,
    Priority priority,
    String tenantId,
    String ownerId,
    JsonNode payload,
    JobState state,
    int attempt,
    int maxAttempts,
    Instant runAt,
    Integer timeoutSeconds,
    String idempotencyKey,
    List<String> dependsOn,
    List<String> tags,
    Progress progress,
    JsonNode checkpoint,
    JsonNode result,
    List<JobError> errors,
    String workerId,
    Instant leaseUntil,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Instant updatedAt,
    RetryBackoff retryBackoff,
    DependencyRule rule,
    double cost) {

  public Job {
    dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    tags = tags == null ? List.of() : List.copyOf(tags);
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  /** The lease a worker holds on this job while it is processing. */
  public Lease lease() {
    return new Lease(id, workerId, attempt);
  }

  /** The last failed attempt's error, or null. */
  public JobError lastError() {
    return errors.isEmpty() ? null : errors.get(errors.size() - 1);
  }

  /** A copy-on-write builder for stores: {@code job.toBuilder().state(QUEUED).build()}. */
  public JobBuilder toBuilder() {
    return new JobBuilder(this);
  }
}
