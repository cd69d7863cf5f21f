package dev.ujm.core.model;

/** Base of the exceptions UJM throws on purpose; each subclass names one reason. */
public class UjmException extends RuntimeException {
  public UjmException(String message) {
    super(message);
  }

  public UjmException(String message, Throwable cause) {
    super(message, cause);
  }
}
