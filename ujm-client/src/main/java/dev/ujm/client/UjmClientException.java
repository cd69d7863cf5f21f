package dev.ujm.client;

/** The server could not be reached, or answered something that is not the UJM API. */
public final class UjmClientException extends RuntimeException {
  public UjmClientException(String message, Throwable cause) {
    super(message, cause);
  }
}
