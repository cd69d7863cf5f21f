package dev.ujm.core.model;

/**
 * A job's own retry backoff, over the node's ({@code UJM_RETRY_BASE_SECONDS}, {@code
 * UJM_RETRY_MAX_SECONDS}): after failed attempt {@code n} the next waits between half and all of
 * {@code min(maxSeconds, baseSeconds * 2^(n-1))}.
 *
 * @param baseSeconds the wait after the first failure, at most
 * @param maxSeconds no wait is longer than this
 */
public record RetryBackoff(int baseSeconds, int maxSeconds) {
  /** Longest backoff a job may ask for: one week. */
  public static final int MAX_SECONDS = 7 * 24 * 3600;

  /**
   * @throws IllegalArgumentException when base is below 1, max below base, or max above {@link
   *     #MAX_SECONDS}
   */
  public RetryBackoff {
    if (baseSeconds < 1 || maxSeconds < baseSeconds || maxSeconds > MAX_SECONDS) {
      throw new IllegalArgumentException(
          "retryBackoff needs 1 <= baseSeconds <= maxSeconds <= " + MAX_SECONDS);
    }
  }
}
