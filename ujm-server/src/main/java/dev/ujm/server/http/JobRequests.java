package dev.ujm.server.http;

import dev.ujm.api.SubmitJobRequest;
import dev.ujm.core.engine.JobService;
import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.InvalidJobException.Reason;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.Priority;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

/**
 * Translates submit requests into the engine's {@link NewJob}: checks what only the API knows
 * (priority and {@code runAt} as text, {@code delaySeconds}, tag and key sizes, dependencies the
 * caller may see) and stamps the caller's tenant, user and key id. Everything about the type and
 * payload is left to the engine's validation. Stateless.
 */
public final class JobRequests {
  /** Longest {@code delaySeconds}: ten years. */
  public static final long MAX_DELAY_SECONDS = 10L * 366 * 24 * 3600;

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
    Priority priority = priority(request.priority(), field + "priority");
    Instant runAt = runAt(request, clock, field);
    if (request.idempotencyKey() != null
        && (request.idempotencyKey().isBlank() || request.idempotencyKey().length() > 200)) {
      throw ProblemException.invalid(
          field + "idempotencyKey", "idempotencyKey must be 1 to 200 characters");
    }
    List<String> tags = request.tags() == null ? List.of() : request.tags();
    if (tags.size() > 20
        || tags.stream().anyMatch(t -> t == null || t.isBlank() || t.length() > 64)) {
      throw ProblemException.invalid(
          field + "tags", "tags must be at most 20 non-empty strings of up to 64 characters");
    }
    List<String> dependsOn = request.dependsOn() == null ? List.of() : request.dependsOn();
    if (dependsOn.size() > 100 || dependsOn.stream().anyMatch(d -> d == null || d.isBlank())) {
      throw ProblemException.invalid(field + "dependsOn", "dependsOn must be at most 100 job ids");
    }
    checkVisible(dependsOn, caller, jobs, field);
    return NewJob.ofType(request.type().trim())
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
        .build();
  }

  /** A priority by its wire name; null stays null (the engine's default). */
  public static Priority priority(String value, String field) {
    if (value == null) {
      return null;
    }
    try {
      return Priority.parse(value);
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid(
          field, field + " must be high, medium or low, not '" + value + "'");
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
    return QueryParams.instant(field + "runAt", request.runAt());
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
