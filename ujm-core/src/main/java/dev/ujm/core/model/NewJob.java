package dev.ujm.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A job to submit. Only {@code type} is required; {@link dev.ujm.core.engine.JobService} fills
 * every other default (queue = type, priority medium, 3 attempts, the handler's timeout) and
 * validates the payload before a store sees it.
 *
 * @param runAt not before this instant; null runs now
 * @param actor who submits it, written to the audit trail (an API key id, or {@code system})
 * @param retryBackoff the job's own retry backoff, or null for the node's
 * @param rule when it may run once its dependencies have ended ({@code runWhen}, {@code runIf});
 *     null for "when every dependency completed"
 * @param cost what one attempt costs (see {@link Job#cost}); null for {@link #DEFAULT_COST}
 */
public record NewJob(
    String type,
    JsonNode payload,
    String queue,
    Priority priority,
    String tenantId,
    String ownerId,
    Integer maxAttempts,
    Instant runAt,
    Integer timeoutSeconds,
    String idempotencyKey,
    List<String> dependsOn,
    List<String> tags,
    String actor,
    RetryBackoff retryBackoff,
    DependencyRule rule,
    Double cost) {

  /** What a job costs when its type says nothing: one unit, the cost of a no-op. */
  public static final double DEFAULT_COST = 1.0;

  public NewJob {
    dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    tags = tags == null ? List.of() : List.copyOf(tags);
    if (cost != null && !(cost > 0 && cost < Double.POSITIVE_INFINITY)) {
      throw new InvalidJobException(
          InvalidJobException.Reason.INVALID_OPTION, "cost", "cost must be positive: " + cost);
    }
  }

  /**
   * A builder holding every field of this job, so a copy with one field changed does not list the
   * others: {@code job.toBuilder().payload(other).build()}.
   */
  public Builder toBuilder() {
    Builder b = new Builder(type);
    b.payload = payload;
    b.queue = queue;
    b.priority = priority;
    b.tenantId = tenantId;
    b.ownerId = ownerId;
    b.maxAttempts = maxAttempts;
    b.runAt = runAt;
    b.timeoutSeconds = timeoutSeconds;
    b.idempotencyKey = idempotencyKey;
    b.dependsOn = dependsOn;
    b.tags = tags;
    b.actor = actor;
    b.retryBackoff = retryBackoff;
    b.rule = rule;
    b.cost = cost;
    return b;
  }

  /** Starts a builder for a job of this type. */
  public static Builder ofType(String type) {
    return new Builder(type);
  }

  /** Fluent builder for {@link NewJob}; not thread-safe. */
  public static final class Builder {
    private final String type;
    private JsonNode payload;
    private String queue;
    private Priority priority;
    private String tenantId;
    private String ownerId;
    private Integer maxAttempts;
    private Instant runAt;
    private Integer timeoutSeconds;
    private String idempotencyKey;
    private List<String> dependsOn = List.of();
    private List<String> tags = List.of();
    private String actor;
    private RetryBackoff retryBackoff;
    private DependencyRule rule;
    private Double cost;

    private Builder(String type) {
      this.type = type;
    }

    public Builder payload(JsonNode payload) {
      this.payload = payload;
      return this;
    }

    /** Maps any object (a record, a map) to the JSON payload. */
    public Builder payload(Object payload) {
      this.payload = Json.mapper().valueToTree(payload);
      return this;
    }

    public Builder queue(String queue) {
      this.queue = queue;
      return this;
    }

    public Builder priority(Priority priority) {
      this.priority = priority;
      return this;
    }

    public Builder tenant(String tenantId) {
      this.tenantId = tenantId;
      return this;
    }

    public Builder owner(String ownerId) {
      this.ownerId = ownerId;
      return this;
    }

    public Builder maxAttempts(Integer maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    public Builder runAt(Instant runAt) {
      this.runAt = runAt;
      return this;
    }

    public Builder timeoutSeconds(Integer timeoutSeconds) {
      this.timeoutSeconds = timeoutSeconds;
      return this;
    }

    public Builder idempotencyKey(String idempotencyKey) {
      this.idempotencyKey = idempotencyKey;
      return this;
    }

    public Builder dependsOn(List<String> dependsOn) {
      this.dependsOn = dependsOn;
      return this;
    }

    public Builder tags(List<String> tags) {
      this.tags = tags;
      return this;
    }

    public Builder actor(String actor) {
      this.actor = actor;
      return this;
    }

    public Builder retryBackoff(RetryBackoff retryBackoff) {
      this.retryBackoff = retryBackoff;
      return this;
    }

    /** The whole dependency rule (null for the default). */
    public Builder rule(DependencyRule rule) {
      this.rule = rule;
      return this;
    }

    /** When it may run once its dependencies have ended; completed unless set. */
    public Builder runWhen(RunWhen runWhen) {
      this.rule =
          DependencyRule.of(
              runWhen, rule == null ? null : rule.runIf(), rule == null ? null : rule.callbackOf());
      return this;
    }

    /** A condition on its parents' results, checked when it becomes runnable. */
    public Builder runIf(Condition runIf) {
      this.rule =
          DependencyRule.of(
              rule == null ? null : rule.runWhen(), runIf, rule == null ? null : rule.callbackOf());
      return this;
    }

    /** What one attempt costs; null for {@link NewJob#DEFAULT_COST}. */
    public Builder cost(Double cost) {
      this.cost = cost;
      return this;
    }

    public NewJob build() {
      return new NewJob(
          type,
          payload,
          queue,
          priority,
          tenantId,
          ownerId,
          maxAttempts,
          runAt,
          timeoutSeconds,
          idempotencyKey,
          dependsOn,
          tags,
          actor,
          retryBackoff,
          rule,
          cost);
    }
  }
}
