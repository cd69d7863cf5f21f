package dev.ujm.api;

/**
 * The stable {@code type} URIs of {@link Problem}s. New types may be added; existing ones never
 * change meaning.
 */
public final class ProblemTypes {
  private static final String BASE = "https://ujm.dev/problems/";

  /** 400: the body is not valid JSON or not the expected shape. */
  public static final String MALFORMED_JSON = BASE + "malformed-json";

  /**
   * 400: a request field or query parameter is bad (priority, runAt, limit, url, …); {@code field}
   * names it.
   */
  public static final String INVALID_REQUEST = BASE + "invalid-request";

  /** 400: no job type of that name. */
  public static final String UNKNOWN_JOB_TYPE = BASE + "unknown-job-type";

  /** 400: the payload fails its type's validation; {@code field} names the failing field. */
  public static final String INVALID_PAYLOAD = BASE + "invalid-payload";

  /** 400: a job option the engine refuses (maxAttempts, timeoutSeconds, queue, dependsOn). */
  public static final String INVALID_OPTION = BASE + "invalid-option";

  /** 401: no API key, or one that is unknown or revoked. */
  public static final String UNAUTHORIZED = BASE + "unauthorized";

  /** 403: the key's role does not allow this. */
  public static final String FORBIDDEN = BASE + "forbidden";

  /** 404: no such job (or none the caller may see), key, or path. */
  public static final String NOT_FOUND = BASE + "not-found";

  /** 405: the path exists but not with this method. */
  public static final String METHOD_NOT_ALLOWED = BASE + "method-not-allowed";

  /**
   * 409: the job's state does not allow this (retry of a running job, cancel of a finished one).
   */
  public static final String ILLEGAL_TRANSITION = BASE + "illegal-transition";

  /**
   * 409: the request conflicts with how the server is set up (for example revoking the bootstrap
   * admin key).
   */
  public static final String CONFLICT = BASE + "conflict";

  /** 426: a plain request to the WebSocket's path; connect with a WebSocket instead. */
  public static final String UPGRADE_REQUIRED = BASE + "upgrade-required";

  /** 413: the body is larger than {@code UJM_MAX_PAYLOAD_BYTES}. */
  public static final String PAYLOAD_TOO_LARGE = BASE + "payload-too-large";

  /** 429: too many requests; retry after the {@code Retry-After} header's seconds. */
  public static final String RATE_LIMITED = BASE + "rate-limited";

  /**
   * A submit that would break a quota of its tenant (named in {@code field} as {@code
   * quotas.<name>}): 429 when the tenant is at a limit for now, 403 when the job can never be
   * accepted as it is.
   */
  public static final String QUOTA_EXCEEDED = BASE + "quota-exceeded";

  /** 503: a backend (the job store) does not answer; {@code /ready} says which. */
  public static final String BACKEND_UNAVAILABLE = BASE + "backend-unavailable";

  /** 414: the request's URI (path and query) is longer than the server reads. */
  public static final String URI_TOO_LONG = BASE + "uri-too-long";

  /** 431: the request's headers are larger than the server reads (64 KiB). */
  public static final String HEADERS_TOO_LARGE = BASE + "headers-too-large";

  /**
   * 503: this node is shutting down and takes no new work; retry after {@code Retry-After} seconds,
   * on another node or once it is back.
   */
  public static final String SHUTTING_DOWN = BASE + "shutting-down";

  /**
   * 507: the disk of the job store is full; nothing was stored. Retry after {@code Retry-After}
   * seconds, once space is freed; {@code /ready} says since when writes fail.
   */
  public static final String STORAGE_FULL = BASE + "storage-full";

  /**
   * 503: the job store's storage fails (I/O errors, a damaged file); nothing was stored. Retry
   * after {@code Retry-After} seconds; {@code /ready} says since when and why.
   */
  public static final String STORAGE_UNAVAILABLE = BASE + "storage-unavailable";

  /**
   * 503: the job store may only be read (its data directory cannot be written): reads are served,
   * this write was refused.
   */
  public static final String READ_ONLY = BASE + "read-only";

  /** 500: a fault of the server; the request id finds it in the logs. */
  public static final String INTERNAL_ERROR = BASE + "internal-error";

  private ProblemTypes() {}
}
