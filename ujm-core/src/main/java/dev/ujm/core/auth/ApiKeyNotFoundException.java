package dev.ujm.core.auth;

import dev.ujm.core.model.UjmException;

/** No API key has that id. */
public final class ApiKeyNotFoundException extends UjmException {
  private final String keyId;

  public ApiKeyNotFoundException(String keyId) {
    super("no API key with id " + keyId);
    this.keyId = keyId;
  }

  public String keyId() {
    return keyId;
  }
}
