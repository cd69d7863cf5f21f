package dev.ujm.core.auth;

import dev.ujm.core.model.UjmException;

/** A key request was refused before anything was stored; {@link #field()} names the bad field. */
public final class InvalidApiKeyException extends UjmException {
  private final String field;

  public InvalidApiKeyException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
