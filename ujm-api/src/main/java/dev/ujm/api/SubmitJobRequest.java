package dev.ujm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Body of {@code POST /api/v2/jobs} and one element of a batch. Only {@code type} is required.
 *
 * @param type the job type, for example {@code sleep}
 * @param payload the type's JSON object; validated by the type before anything is stored
 * @param priority {@code high}, {@code medium} (default) or {@code low}
 * @param queue the worker pool; defaults to the type
 * @param runAt ISO-8601 instant, not before which the job runs
 * @param delaySeconds run after this many seconds (instead of {@code runAt})
 * @param maxAttempts attempts allowed, 1 to 100 (default 3)
 * @param timeoutSeconds a longer attempt is interrupted and fails
 * @param idempotencyKey a repeat with the same key (same tenant) answers the first job with {@code
 *     200}
 * @param dependsOn ids of jobs that must complete first
 * @param tags free labels to search by
 * @param retryBackoff the job's own retry backoff instead of the node's
 * @param runWhen with {@code dependsOn}: {@code completed} (default), {@code failed} (compensation)
 *     or {@code finished} (clean-up)
 * @param runIf with {@code dependsOn}: a condition on the parents' results, checked when the job
 *     becomes runnable; when false the job ends {@code cancelled} with reason {@code
 *     condition-false}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubmitJobRequest(
    String type,
    JsonNode payload,
    String priority,
    String queue,
    String runAt,
    Long delaySeconds,
    Integer maxAttempts,
    Integer timeoutSeconds,
    String idempotencyKey,
    List<String> dependsOn,
    List<String> tags,
    RetryBackoffView retryBackoff,
    String runWhen,
    ConditionView runIf) {

  /** A request with only a type and a payload. */
  public static SubmitJobRequest of(String type, JsonNode payload) {
    return new SubmitJobRequest(
        type, payload, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  public SubmitJobRequest withPriority(String newPriority) {
    return new SubmitJobRequest(
        type,
        payload,
        newPriority,
        queue,
        runAt,
        delaySeconds,
        maxAttempts,
        timeoutSeconds,
        idempotencyKey,
        dependsOn,
        tags,
        retryBackoff,
        runWhen,
        runIf);
  }

  public SubmitJobRequest withQueue(String newQueue) {
    return new SubmitJobRequest(
        type,
        payload,
        priority,
        newQueue,
        runAt,
        delaySeconds,
        maxAttempts,
        timeoutSeconds,
        idempotencyKey,
        dependsOn,
        tags,
        retryBackoff,
        runWhen,
        runIf);
  }

  public SubmitJobRequest withRunAt(String newRunAt) {
    return new SubmitJobRequest(
        type,
        payload,
        priority,
        queue,
        newRunAt,
        delaySeconds,
        maxAttempts,
        timeoutSeconds,
        idempotencyKey,
        dependsOn,
        tags,
        retryBackoff,
        runWhen,
        runIf);
  }

  public SubmitJobRequest withDelaySeconds(Long newDelay) {
    return new SubmitJobRequest(
        type,
        payload,
        priority,
        queue,
        runAt,
        newDelay,
        maxAttempts,
        timeoutSeconds,
        idempotencyKey,
        dependsOn,
        tags,
        retryBackoff,
        runWhen,
        runIf);
  }

  public SubmitJobRequest withMaxAttempts(Integer newMaxAttempts) {
    return new SubmitJobRequest(
        type,
        payload,
        priority,
        queue,
        runAt,
        delaySeconds,
        newMaxAttempts,
        timeoutSeconds,
        idempotencyKey,
        dependsOn,
        tags,
        retryBackoff,
        runWhen,
        runIf);
  }

  public SubmitJobRequest withTimeoutSeconds(Integer newTimeout) {
    return new SubmitJobRequest(
        type,
        payload,
        priority,
        queue,
        runAt,
        delaySeconds,
        maxAttempts,
        newTimeout,
        idempotencyKey,
        dependsOn,
        tags,
        retryBackoff,
        runWhen,
        runIf);
  }

  public SubmitJobRequest withIdempotencyKey(String newKey) {
    return new SubmitJobRequest(
        type,
        payload,
        priority,
        queue,
        runAt,
        delaySeconds,
        maxAttempts,
        timeoutSeconds,
        newKey,
        dependsOn,
        tags,
        retryBackoff,
        runWhen,
        runIf);
  }

  public SubmitJobRequest withDependsOn(List<String> newDependsOn) {
    return new SubmitJobRequest(
        type,
        payload,
        priority,
        queue,
        runAt,
        delaySeconds,
        maxAttempts,
        timeoutSeconds,
        idempotencyKey,
        newDependsOn,
        tags,
        retryBackoff,
        runWhen,
        runIf);
  }

  public SubmitJobRequest withTags(List<String> newTags) {
    return new SubmitJobRequest(
        type,
        payload,
        priority,
        queue,
        runAt,
        delaySeconds,
        maxAttempts,
        timeoutSeconds,
        idempotencyKey,
        dependsOn,
        newTags,
        retryBackoff,
        runWhen,
        runIf);
  }

  public SubmitJobRequest withRetryBackoff(RetryBackoffView newRetryBackoff) {
    return new SubmitJobRequest(
        type,
        payload,
        priority,
        queue,
        runAt,
        delaySeconds,
        maxAttempts,
        timeoutSeconds,
        idempotencyKey,
        dependsOn,
        tags,
        newRetryBackoff,
        runWhen,
        runIf);
  }

  /**
   * The same request run only when its parents' outcome meets {@code when} and {@code condition}.
   */
  public SubmitJobRequest withRule(String when, ConditionView condition) {
    return new SubmitJobRequest(
        type,
        payload,
        priority,
        queue,
        runAt,
        delaySeconds,
        maxAttempts,
        timeoutSeconds,
        idempotencyKey,
        dependsOn,
        tags,
        retryBackoff,
        when,
        condition);
  }
}
