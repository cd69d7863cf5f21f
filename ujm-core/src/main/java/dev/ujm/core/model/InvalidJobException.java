package dev.ujm.core.model;

/**
 * A submitted job was rejected before anything was stored: unknown type, a payload that fails
 * validation, or a bad option. {@link #field()} names the offending field where there is one (for
 * example {@code payload.ms}).
 */
public final class InvalidJobException extends UjmException {
  /** Why the job was rejected; the API maps each to a stable problem type. */
  public enum Reason {
    UNKNOWN_TYPE,
    INVALID_PAYLOAD,
    INVALID_OPTION
  }

  private final Reason reason;
  private final String field;

  public InvalidJobException(Reason reason, String field, String message) {
    super(message);
    this.reason = reason;
    this.field = field;
  }

  public Reason reason() {
    return reason;
  }

  /** The failing field, or null. */
  public String field() {
    return field;
  }
}
