package dev.ujm.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * Builds {@link Job} snapshots; stores use it to derive the next snapshot from the current one. Not
 * thread-safe.
 */
public final class JobBuilder {
  private String id;
  private String type;
  private String queue;
  private Priority priority;
  private String tenantId;
  private String ownerId;
  private JsonNode payload;
  private JobState state;
  private int attempt;
  private int maxAttempts;
  private Instant runAt;
  private Integer timeoutSeconds;
  private String idempotencyKey;
  private List<String> dependsOn;
  private List<String> tags;
  private Progress progress;
  private JsonNode checkpoint;
  private JsonNode result;
  private List<JobError> errors;
  private String workerId;
  private Instant leaseUntil;
  private Instant createdAt;
  private Instant startedAt;
  private Instant finishedAt;
  private Instant updatedAt;
  private RetryBackoff retryBackoff;
  private DependencyRule rule;
  private double cost;

  public JobBuilder() {
    this.priority = Priority.MEDIUM;
    this.maxAttempts = 3;
    this.cost = NewJob.DEFAULT_COST;
  }

  JobBuilder(Job job) {
    this.id = job.id();
    this.type = job.type();
    this.queue = job.queue();
    this.priority = job.priority();
    this.tenantId = job.tenantId();
    this.ownerId = job.ownerId();
    this.payload = job.payload();
    this.state = job.state();
    this.attempt = job.attempt();
    this.maxAttempts = job.maxAttempts();
    this.runAt = job.runAt();
    this.timeoutSeconds = job.timeoutSeconds();
    this.idempotencyKey = job.idempotencyKey();
    this.dependsOn = job.dependsOn();
    this.tags = job.tags();
    this.progress = job.progress();
    this.checkpoint = job.checkpoint();
    this.result = job.result();
    this.errors = job.errors();
    this.workerId = job.workerId();
    this.leaseUntil = job.leaseUntil();
    this.createdAt = job.createdAt();
    this.startedAt = job.startedAt();
    this.finishedAt = job.finishedAt();
    this.updatedAt = job.updatedAt();
    this.retryBackoff = job.retryBackoff();
    this.rule = job.rule();
    this.cost = job.cost();
  }

  public JobBuilder id(String id) {
    this.id = id;
    return this;
  }

  public JobBuilder type(String type) {
    this.type = type;
    return this;
  }

  public JobBuilder queue(String queue) {
    this.queue = queue;
    return this;
  }

  public JobBuilder priority(Priority priority) {
    this.priority = priority;
    return this;
  }

  public JobBuilder tenantId(String tenantId) {
    this.tenantId = tenantId;
    return this;
  }

  public JobBuilder ownerId(String ownerId) {
    this.ownerId = ownerId;
    return this;
  }

  public JobBuilder payload(JsonNode payload) {
    this.payload = payload;
    return this;
  }

  public JobBuilder state(JobState state) {
    this.state = state;
    return this;
  }

  public JobBuilder attempt(int attempt) {
    this.attempt = attempt;
    return this;
  }

  public JobBuilder maxAttempts(int maxAttempts) {
    this.maxAttempts = maxAttempts;
    return this;
  }

  public JobBuilder runAt(Instant runAt) {
    this.runAt = runAt;
    return this;
  }

  public JobBuilder timeoutSeconds(Integer timeoutSeconds) {
    this.timeoutSeconds = timeoutSeconds;
    return this;
  }

  public JobBuilder idempotencyKey(String idempotencyKey) {
    this.idempotencyKey = idempotencyKey;
    return this;
  }

  public JobBuilder dependsOn(List<String> dependsOn) {
    this.dependsOn = dependsOn;
    return this;
  }

  public JobBuilder tags(List<String> tags) {
    this.tags = tags;
    return this;
  }

  public JobBuilder progress(Progress progress) {
    this.progress = progress;
    return this;
  }

  public JobBuilder checkpoint(JsonNode checkpoint) {
    this.checkpoint = checkpoint;
    return this;
  }

  public JobBuilder result(JsonNode result) {
    this.result = result;
    return this;
  }

  public JobBuilder errors(List<JobError> errors) {
    this.errors = errors;
    return this;
  }

  public JobBuilder workerId(String workerId) {
    this.workerId = workerId;
    return this;
  }

  public JobBuilder leaseUntil(Instant leaseUntil) {
    this.leaseUntil = leaseUntil;
    return this;
  }

  public JobBuilder createdAt(Instant createdAt) {
    this.createdAt = createdAt;
    return this;
  }

  public JobBuilder startedAt(Instant startedAt) {
    this.startedAt = startedAt;
    return this;
  }

  public JobBuilder finishedAt(Instant finishedAt) {
    this.finishedAt = finishedAt;
    return this;
  }

  public JobBuilder retryBackoff(RetryBackoff retryBackoff) {
    this.retryBackoff = retryBackoff;
    return this;
  }

  public JobBuilder updatedAt(Instant updatedAt) {
    this.updatedAt = updatedAt;
    return this;
  }

  public JobBuilder rule(DependencyRule rule) {
    this.rule = rule;
    return this;
  }

  public JobBuilder cost(double cost) {
    this.cost = cost;
    return this;
  }

  public Job build() {
    return new Job(
        id,
        type,
        queue,
        priority,
        tenantId,
        ownerId,
        payload,
        state,
        attempt,
        maxAttempts,
        runAt,
        timeoutSeconds,
        idempotencyKey,
        dependsOn,
        tags,
        progress,
        checkpoint,
        result,
        errors,
        workerId,
        leaseUntil,
        createdAt,
        startedAt,
        finishedAt,
        updatedAt,
        retryBackoff,
        rule,
        cost);
  }
}
