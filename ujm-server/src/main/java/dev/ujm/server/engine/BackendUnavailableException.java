package dev.ujm.server.engine;

import dev.ujm.core.model.UjmException;

/**
 * The job store (and the keys kept with it) cannot be reached now; the API answers 503 until it
 * can.
 */
public final class BackendUnavailableException extends UjmException {
  private final String backend;

  public BackendUnavailableException(String backend, String reason) {
    super("the " + backend + " job store is not available: " + reason);
    this.backend = backend;
  }

  /** The backend's name, as {@code UJM_STORE} names it. */
  public String backend() {
    return backend;
  }
}
