package dev.ujm.server.http;

import dev.ujm.api.ProblemTypes;
import java.time.Duration;

/**
 * A request the API refuses, with everything its problem body needs. Handlers throw it; {@link
 * ProblemMapper} writes it. Nothing was changed when it is thrown.
 */
public final class ProblemException extends RuntimeException {
  private final int status;
  private final String type;
  private final String title;
  private final String field;
  private final Duration retryAfter;

  public ProblemException(
      int status, String type, String title, String detail, String field, Duration retryAfter) {
    super(detail);
    this.status = status;
    this.type = type;
    this.title = title;
    this.field = field;
    this.retryAfter = retryAfter;
  }

  /** 400 invalid-request: a field or query parameter is bad. */
  public static ProblemException invalid(String field, String detail) {
    return new ProblemException(
        400, ProblemTypes.INVALID_REQUEST, "Invalid request", detail, field, null);
  }

  /** 400 malformed-json. */
  public static ProblemException malformedJson(String detail) {
    return new ProblemException(
        400, ProblemTypes.MALFORMED_JSON, "Malformed JSON", detail, null, null);
  }

  /** 401: no usable key. */
  public static ProblemException unauthorized(String detail) {
    return new ProblemException(401, ProblemTypes.UNAUTHORIZED, "Unauthorized", detail, null, null);
  }

  /** 403: the key's role is too low. */
  public static ProblemException forbidden(String detail) {
    return new ProblemException(403, ProblemTypes.FORBIDDEN, "Forbidden", detail, null, null);
  }

  /** 404. */
  public static ProblemException notFound(String detail) {
    return new ProblemException(404, ProblemTypes.NOT_FOUND, "Not found", detail, null, null);
  }

  /** 413: the body is larger than the limit. */
  public static ProblemException tooLarge(long limit) {
    return new ProblemException(
        413,
        ProblemTypes.PAYLOAD_TOO_LARGE,
        "Payload too large",
        "the request body is larger than "
            + limit
            + " bytes (UJM_MAX_PAYLOAD_BYTES); send less, or split a batch",
        null,
        null);
  }

  /** How long a client should wait before it submits to a node that is shutting down. */
  public static final Duration SHUTDOWN_RETRY_AFTER = Duration.ofSeconds(5);

  /** 503: this node is shutting down and takes no new work. */
  public static ProblemException shuttingDown() {
    return new ProblemException(
        503,
        ProblemTypes.SHUTTING_DOWN,
        "Shutting down",
        "this node is shutting down and takes no new jobs; retry after "
            + SHUTDOWN_RETRY_AFTER.toSeconds()
            + " s, on another node or once it is back",
        null,
        SHUTDOWN_RETRY_AFTER);
  }

  /** 429 with the seconds to wait. */
  public static ProblemException rateLimited(Duration retryAfter) {
    return rateLimited("this key sent too many requests", retryAfter);
  }

  /** 429 rate-limited: {@code what} happened too often; retry after the wait. */
  public static ProblemException rateLimited(String what, Duration retryAfter) {
    return new ProblemException(
        429,
        ProblemTypes.RATE_LIMITED,
        "Too many requests",
        what + "; retry after " + Math.max(1, retryAfter.toSeconds()) + " s",
        null,
        retryAfter);
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String title() {
    return title;
  }

  /** The failing field, or null. */
  public String field() {
    return field;
  }

  /** For 429 and 503: how long to wait; else null. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
