package dev.ujm.core.auth;

import dev.ujm.core.model.UjmException;

/**
 * The bootstrap admin key cannot be revoked through the API: it is set by {@code UJM_ADMIN_KEY} or
 * the admin key file and would come back at the next start. Replace it there instead.
 */
public final class ProtectedKeyException extends UjmException {
  public ProtectedKeyException(String message) {
    super(message);
  }
}
