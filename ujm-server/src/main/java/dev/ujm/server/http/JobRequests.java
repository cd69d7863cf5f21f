package dev.ujm.server.http;

import dev.ujm.api.ConditionView;
import dev.ujm.api.RetryBackoffView;
import dev.ujm.api.SubmitJobRequest;
import dev.ujm.core.engine.JobService;
import dev.ujm.core.model.Condition;
import dev.ujm.core.model.DependencyRule;
import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.InvalidJobException.Reason;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.Priority;
import dev.ujm.core.model.RetryBackoff;
import dev.ujm.core.model.RunWhen;
import dev.ujm.core.model.TimeBounds;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

/**
 * Translates submit requests into the engine's {@link NewJob}: checks what only the API knows
 * (priority and {@code runAt} as text, {@code delaySeconds}, tag and key sizes, no control
 * characters in the type, queue, tags or idempotency key, well-formed dependency ids the caller may
 * see) and stamps the caller's tenant, user and key id. Everything about the type and payload is
 * left to the engine's validation. Stateless.
 */
public final class JobRequests {
  /** Longest {@code delaySeconds}: the one bound of every time input ({@link TimeBounds}). */
  public static final long MAX_DELAY_SECONDS = TimeBounds.MAX_DISTANCE.toSeconds();

  /** Most tags of one job. */
  public static final int MAX_TAGS = 20;

  /** Longest tag. */
  public static final int MAX_TAG_LENGTH = 64;

  /** Longest idempotency key. */
  public static final int MAX_KEY_LENGTH = 200;

  /** Most dependencies of one job. */
  public static final int MAX_DEPENDENCIES = 100;

  private JobRequests() {}

  /**
   * The job to submit.
   *
   * @param field prefix for field names in problems ({@code ""}, or {@code "jobs[3]."} in a batch)
   * @throws ProblemException 400 for a bad field
   * @throws InvalidJobException for a dependency the caller cannot see
   */
  public static NewJob toNewJob(
      SubmitJobRequest request, Caller caller, JobService jobs, InstantSource clock, String field) {
    if (request == null) {
      throw ProblemException.invalid(trim(field), "each job must be a JSON object");
    }
    if (request.type() == null || request.type().isBlank()) {
      throw ProblemException.invalid(
          field + "type",
          "type is required; known types: " + String.join(", ", jobs.types().typeNames()));
    }
    Inputs.text(field + "type", request.type(), 64);
    Inputs.text(field + "queue", request.queue(), 64);
    Priority priority = priority(request.priority(), field + "priority");
    Instant runAt = runAt(request, clock, field);
    Inputs.text(field + "idempotencyKey", request.idempotencyKey(), MAX_KEY_LENGTH);
    if (request.idempotencyKey() != null && request.idempotencyKey().isBlank()) {
      throw ProblemException.invalid(field + "idempotencyKey", "idempotencyKey must not be blank");
    }
    List<String> tags = request.tags() == null ? List.of() : request.tags();
    if (tags.size() > MAX_TAGS) {
      throw ProblemException.invalid(
          field + "tags", "a job has at most " + MAX_TAGS + " tags, not " + tags.size());
    }
    for (int i = 0; i < tags.size(); i++) {
      String tag = field + "tags[" + i + "]";
      if (tags.get(i) == null || tags.get(i).isBlank()) {
        throw ProblemException.invalid(tag, "a tag must be a non-empty string");
      }
      Inputs.text(tag, tags.get(i), MAX_TAG_LENGTH);
    }
    List<String> dependsOn = request.dependsOn() == null ? List.of() : request.dependsOn();
    if (dependsOn.size() > MAX_DEPENDENCIES) {
      throw ProblemException.invalid(
          field + "dependsOn", "dependsOn holds at most " + MAX_DEPENDENCIES + " job ids");
    }
    for (int i = 0; i < dependsOn.size(); i++) {
      Inputs.jobId(field + "dependsOn[" + i + "]", dependsOn.get(i));
    }
    checkVisible(dependsOn, caller, jobs, field);
    return NewJob.ofType(request.type())
        .payload(request.payload())
        .queue(request.queue())
        .priority(priority)
        .tenant(caller.tenant())
        .owner(caller.userId())
        .maxAttempts(request.maxAttempts())
        .runAt(runAt)
        .timeoutSeconds(request.timeoutSeconds())
        .idempotencyKey(request.idempotencyKey())
        .dependsOn(dependsOn)
        .tags(tags)
        .actor(caller.actor())
        .retryBackoff(retryBackoff(request.retryBackoff(), field))
        .rule(rule(request.runWhen(), request.runIf(), field))
        .build();
  }

  /**
   * A job's {@code runWhen} and {@code runIf} as its dependency rule, each checked on its own (what
   * they need of the parents is the engine's to check); null when neither is given.
   *
   * @throws InvalidJobException naming the failing field ({@code jobs[2].runIf.op})
   */
  static DependencyRule rule(String runWhen, ConditionView runIf, String field) {
    RunWhen when = null;
    if (runWhen != null) {
      try {
        when = RunWhen.parse(runWhen);
      } catch (IllegalArgumentException e) {
        throw new InvalidJobException(Reason.INVALID_OPTION, field + "runWhen", e.getMessage());
      }
    }
    Condition condition = null;
    if (runIf != null) {
      Condition.Op op;
      try {
        op = runIf.op() == null ? null : Condition.Op.parse(runIf.op());
      } catch (IllegalArgumentException e) {
        throw new InvalidJobException(Reason.INVALID_OPTION, field + "runIf.op", e.getMessage());
      }
      condition =
          new Condition(runIf.pointer(), op, runIf.value(), runIf.parent())
              .checked(field + "runIf");
    }
    return DependencyRule.of(when, condition, null);
  }

  /** A job's own retry backoff, checked; null stays null (the node's backoff). */
  static RetryBackoff retryBackoff(RetryBackoffView view, String field) {
    if (view == null) {
      return null;
    }
    if (view.baseSeconds() == null || view.maxSeconds() == null) {
      throw ProblemException.invalid(
          field + "retryBackoff", "retryBackoff needs both baseSeconds and maxSeconds");
    }
    try {
      return new RetryBackoff(view.baseSeconds(), view.maxSeconds());
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid(field + "retryBackoff", e.getMessage());
    }
  }

  /** A priority by its wire name; null stays null (the engine's default). */
  public static Priority priority(String value, String field) {
    if (value == null) {
      return null;
    }
    Inputs.text(field, value, 16);
    try {
      return Priority.parse(value);
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid(field, field + " must be high, medium or low");
    }
  }

  private static Instant runAt(SubmitJobRequest request, InstantSource clock, String field) {
    if (request.runAt() != null && request.delaySeconds() != null) {
      throw ProblemException.invalid(field + "runAt", "give runAt or delaySeconds, not both");
    }
    if (request.delaySeconds() != null) {
      long delay = request.delaySeconds();
      if (delay < 0 || delay > MAX_DELAY_SECONDS) {
        throw ProblemException.invalid(
            field + "delaySeconds",
            "delaySeconds must be from 0 to " + MAX_DELAY_SECONDS + ", not " + delay);
      }
      return delay == 0 ? null : clock.instant().plusSeconds(delay);
    }
    return Inputs.instant(field + "runAt", request.runAt(), clock.instant());
  }

  private static void checkVisible(
      List<String> dependsOn, Caller caller, JobService jobs, String field) {
    if (dependsOn.isEmpty()) {
      return;
    }
    List<Job> found = jobs.getAll(dependsOn);
    for (String id : dependsOn) {
      boolean visible = found.stream().anyMatch(j -> j.id().equals(id) && caller.canSee(j));
      if (!visible) {
        throw new InvalidJobException(
            Reason.INVALID_OPTION, field + "dependsOn", "dependsOn names no job with id " + id);
      }
    }
  }

  /** Adds a batch element's position to an engine rejection. */
  public static InvalidJobException inBatch(InvalidJobException e, int index) {
    String field = e.field() == null ? "jobs[" + index + "]" : "jobs[" + index + "]." + e.field();
    return new InvalidJobException(e.reason(), field, "jobs[" + index + "]: " + e.getMessage());
  }

  private static String trim(String field) {
    return field.endsWith(".") ? field.substring(0, field.length() - 1) : field;
  }
}
