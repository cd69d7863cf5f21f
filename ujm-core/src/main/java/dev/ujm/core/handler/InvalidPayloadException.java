package dev.ujm.core.handler;

/**
 * A payload that its job type refuses; {@code field} names the failing field (for example {@code
 * ms}).
 */
public final class InvalidPayloadException extends Exception {
  private final String field;

  public InvalidPayloadException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
