package dev.ujm.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ujm.api.Problem;
import dev.ujm.api.ProblemTypes;
import dev.ujm.core.auth.ApiKeyNotFoundException;
import dev.ujm.core.auth.InvalidApiKeyException;
import dev.ujm.core.auth.ProtectedKeyException;
import dev.ujm.core.model.IdempotencyConflictException;
import dev.ujm.core.model.IllegalTransitionException;
import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.JobNotFoundException;
import dev.ujm.core.model.Json;
import dev.ujm.core.store.StorageFaultException;
import dev.ujm.core.tenant.QuotaExceededException;
import dev.ujm.server.engine.BackendUnavailableException;
import dev.ujm.server.logs.LogText;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure of a request into an {@code application/problem+json} answer (RFC 9457) with
 * a stable {@code type}: the engine's exceptions (invalid job, unknown job, illegal transition),
 * the API's own refusals ({@link ProblemException}), the web server's (unknown path, wrong method,
 * body too large), storage faults (507 for a full disk, 503 otherwise, with {@code Retry-After};
 * the store logs them once per failing spell, so they are not logged here) and faults of the server
 * (500, logged with the request id, never shown). Thread-safe.
 */
public final class ProblemMapper {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

  /** How long a client should wait before retrying a write that met a storage fault. */
  static final int STORAGE_RETRY_AFTER_SECONDS = 5;

  /** The media type of every error answer. */
  public static final String PROBLEM_JSON = "application/problem+json";

  /** Writes the problem of {@code failure} as the answer. */
  public void write(Throwable failure, Context ctx) {
    Problem problem = toProblem(failure, ctx);
    if (problem.status() == 500) {
      LOG.error("request {} {} failed", ctx.method(), LogText.escape(ctx.path()), failure);
    }
    Duration retryAfter =
        switch (failure) {
          case ProblemException p -> p.retryAfter();
          case QuotaExceededException q -> q.retryAfter();
          case BackendUnavailableException b -> b.retryAfter();
          default -> null;
        };
    if (retryAfter != null) {
      ctx.header("Retry-After", String.valueOf(Math.max(1, ceilSeconds(retryAfter))));
    }
    if (failure instanceof StorageFaultException fault
        && fault.kind() != StorageFaultException.Kind.READ_ONLY) {
      ctx.header("Retry-After", String.valueOf(STORAGE_RETRY_AFTER_SECONDS));
    }
    if (problem.status() == 401) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"ujm\"");
    }
    write(ctx, problem);
  }

  /** Writes a problem as the answer. */
  public static void write(Context ctx, Problem problem) {
    try {
      ctx.status(problem.status())
          .contentType(PROBLEM_JSON)
          .result(Json.mapper().writeValueAsBytes(problem));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a problem as JSON", e);
    }
  }

  Problem toProblem(Throwable failure, Context ctx) {
    String instance = ctx.path();
    String requestId = RequestLog.requestId(ctx);
    return switch (failure) {
      case ProblemException p ->
          new Problem(
              p.type(), p.title(), p.status(), p.getMessage(), instance, p.field(), requestId);
      case InvalidJobException e -> invalidJob(e, instance, requestId);
      case QuotaExceededException e ->
          new Problem(
              ProblemTypes.QUOTA_EXCEEDED,
              e.kind() == QuotaExceededException.Kind.LIMIT_REACHED
                  ? "Quota reached"
                  : "Not allowed by the tenant's quotas",
              e.kind() == QuotaExceededException.Kind.LIMIT_REACHED ? 429 : 403,
              e.getMessage(),
              instance,
              "quotas." + e.quota(),
              requestId);
      case JobNotFoundException e ->
          new Problem(
              ProblemTypes.NOT_FOUND,
              "Job not found",
              404,
              e.getMessage(),
              instance,
              null,
              requestId);
      case IllegalTransitionException e ->
          new Problem(
              ProblemTypes.ILLEGAL_TRANSITION,
              "Not allowed in this state",
              409,
              e.getMessage() + explain(e),
              instance,
              null,
              requestId);
      case IdempotencyConflictException e ->
          new Problem(
              ProblemTypes.CONFLICT,
              "Conflict",
              409,
              e.getMessage(),
              instance,
              "idempotencyKey",
              requestId);
      case dev.ujm.core.schedule.ScheduleNotFoundException e ->
          new Problem(
              ProblemTypes.NOT_FOUND,
              "Schedule not found",
              404,
              e.getMessage(),
              instance,
              null,
              requestId);
      case dev.ujm.core.workflow.WorkflowNotFoundException e ->
          new Problem(
              ProblemTypes.NOT_FOUND,
              "Workflow not found",
              404,
              e.getMessage(),
              instance,
              null,
              requestId);
      case ApiKeyNotFoundException e ->
          new Problem(
              ProblemTypes.NOT_FOUND,
              "API key not found",
              404,
              e.getMessage(),
              instance,
              null,
              requestId);
      case InvalidApiKeyException e ->
          new Problem(
              ProblemTypes.INVALID_REQUEST,
              "Invalid request",
              400,
              e.getMessage(),
              instance,
              e.field(),
              requestId);
      case ProtectedKeyException e ->
          new Problem(
              ProblemTypes.CONFLICT, "Conflict", 409, e.getMessage(), instance, null, requestId);
      case BackendUnavailableException e ->
          new Problem(
              ProblemTypes.BACKEND_UNAVAILABLE,
              "Backend unavailable",
              503,
              e.getMessage() + "; see /ready and retry later",
              instance,
              null,
              requestId);
      case StorageFaultException e -> storageFault(e, ctx, instance, requestId);
      case HttpResponseException e -> fromWebServer(e, ctx, instance, requestId);
      default -> {
        yield new Problem(
            ProblemTypes.INTERNAL_ERROR,
            "Internal server error",
            500,
            "the server failed to handle this request; its log has the details under request id "
                + requestId,
            instance,
            null,
            requestId);
      }
    };
  }

  /**
   * Whether the failure is the job store's: an answer of 500 or more that neither the API itself
   * chose (a {@link ProblemException}, such as {@code shutting-down}) nor a backend that was not
   * asked ({@link BackendUnavailableException}) made. The store breaker counts these.
   */
  public boolean isStoreFault(Throwable failure, Context ctx) {
    if (failure instanceof ProblemException || failure instanceof BackendUnavailableException) {
      return false;
    }
    return toProblem(failure, ctx).status() >= 500;
  }

  private static long ceilSeconds(Duration duration) {
    return (duration.toMillis() + 999) / 1000;
  }

  private static Problem invalidJob(InvalidJobException e, String instance, String requestId) {
    return switch (e.reason()) {
      case UNKNOWN_TYPE ->
          new Problem(
              ProblemTypes.UNKNOWN_JOB_TYPE,
              "Unknown job type",
              400,
              e.getMessage(),
              instance,
              e.field(),
              requestId);
      case INVALID_PAYLOAD ->
          new Problem(
              ProblemTypes.INVALID_PAYLOAD,
              "Invalid payload",
              400,
              e.getMessage(),
              instance,
              e.field(),
              requestId);
      case INVALID_OPTION ->
          new Problem(
              ProblemTypes.INVALID_OPTION,
              "Invalid job option",
              400,
              e.getMessage(),
              instance,
              e.field(),
              requestId);
    };
  }

  private static Problem storageFault(
      StorageFaultException e, Context ctx, String instance, String requestId) {
    LOG.debug("request {} {} met a storage fault: {}", ctx.method(), instance, e.getMessage());
    return switch (e.kind()) {
      case FULL ->
          new Problem(
              ProblemTypes.STORAGE_FULL,
              "Insufficient storage",
              507,
              e.getMessage() + "; nothing was stored: retry once space is freed (see /ready)",
              instance,
              null,
              requestId);
      case READ_ONLY ->
          new Problem(
              ProblemTypes.READ_ONLY, "Read-only", 503, e.getMessage(), instance, null, requestId);
      case UNAVAILABLE, CORRUPT ->
          new Problem(
              ProblemTypes.STORAGE_UNAVAILABLE,
              "Storage unavailable",
              503,
              e.getMessage() + "; nothing was stored: retry later (see /ready)",
              instance,
              null,
              requestId);
    };
  }

  private static String explain(IllegalTransitionException e) {
    if (e.detail() != null) {
      return "";
    }
    return switch (e.to()) {
      case QUEUED -> "; only failed or cancelled jobs can be retried";
      case CANCELLED -> "; finished jobs cannot be cancelled";
      default -> "";
    };
  }

  private static Problem fromWebServer(
      HttpResponseException e, Context ctx, String instance, String requestId) {
    return switch (e.getStatus()) {
      case 404 ->
          new Problem(
              ProblemTypes.NOT_FOUND,
              "Not found",
              404,
              "no endpoint " + ctx.method() + " " + instance + "; see /openapi.json for the API",
              instance,
              null,
              requestId);
      case 405 ->
          new Problem(
              ProblemTypes.METHOD_NOT_ALLOWED,
              "Method not allowed",
              405,
              instance + " does not answer " + ctx.method() + "; see /openapi.json for its methods",
              instance,
              null,
              requestId);
      case 413 ->
          new Problem(
              ProblemTypes.PAYLOAD_TOO_LARGE,
              "Payload too large",
              413,
              "the request body is larger than UJM_MAX_PAYLOAD_BYTES allows",
              instance,
              null,
              requestId);
      default ->
          new Problem(
              e.getStatus() >= 500 ? ProblemTypes.INTERNAL_ERROR : ProblemTypes.INVALID_REQUEST,
              e.getMessage(),
              e.getStatus(),
              e.getMessage(),
              instance,
              null,
              requestId);
    };
  }
}
