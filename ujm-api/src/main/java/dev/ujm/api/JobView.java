package dev.ujm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A job as the API shows it (the job model is in docs/architecture.md). States and priorities are
 * wire names ({@code queued}, {@code high}); absent values are left out of the JSON. The handler's
 * checkpoint is internal and never shown. Lists show a summary by default: no {@code payload} and
 * no {@code result} ({@code ?view=full} or {@code ?fields=} asks for them).
 *
 * @param queueServed for a job not yet finished, whether a worker pool serves its queue; false
 *     means it waits until a node with a pool for that queue runs ({@code UJM_WORKERS_<QUEUE>})
 * @param errors one entry per failed attempt, oldest first
 * @param runWhen for a job with dependencies that does not simply wait for them all to complete:
 *     {@code failed} or {@code finished}
 * @param runIf its condition on its parents' results, when it has one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(
    String id,
    String type,
    String queue,
    Boolean queueServed,
    String priority,
    String tenantId,
    String ownerId,
    JsonNode payload,
    String state,
    int attempt,
    int maxAttempts,
    Instant runAt,
    Integer timeoutSeconds,
    String idempotencyKey,
    List<String> dependsOn,
    List<String> tags,
    ProgressView progress,
    JsonNode result,
    List<JobErrorView> errors,
    String workerId,
    Instant leaseUntil,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Instant updatedAt,
    RetryBackoffView retryBackoff,
    String runWhen,
    ConditionView runIf) {}
