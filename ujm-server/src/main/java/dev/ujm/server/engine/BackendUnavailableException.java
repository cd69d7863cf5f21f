package dev.ujm.server.engine;

import dev.ujm.core.model.UjmException;
import java.time.Duration;

/**
 * The job store (and the keys kept with it) cannot be reached now; the API answers 503 until it
 * can.
 */
public final class BackendUnavailableException extends UjmException {
  private final String backend;
  private final Duration retryAfter;

  public BackendUnavailableException(String backend, String reason) {
    this(backend, reason, null);
  }

  /**
   * @param retryAfter how long callers should wait before asking again, or null when unknown
   */
  public BackendUnavailableException(String backend, String reason, Duration retryAfter) {
    super("the " + backend + " job store is not available: " + reason);
    this.backend = backend;
    this.retryAfter = retryAfter;
  }

  /** How long callers should wait before asking again, or null when unknown. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** The backend's name, as {@code UJM_STORE} names it. */
  public String backend() {
    return backend;
  }
}
