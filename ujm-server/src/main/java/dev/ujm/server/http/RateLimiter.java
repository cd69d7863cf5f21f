package dev.ujm.server.http;

/**
 * Decides whether a caller may make one more request now: the seam of per-key and per-tenant rate
 * limits. {@link #unlimited()} is the default; a limiter that refuses makes the API answer 429 with
 * {@code Retry-After}, and the limits that applied are shown in the {@code RateLimit} headers.
 * Implementations are thread-safe and quick.
 */
@FunctionalInterface
public interface RateLimiter {

  /**
   * Takes one request of this caller from its limits, or refuses it (taking nothing).
   *
   * @param submits whether the route makes new work (submit, batch, crawl, retry, clone)
   */
  RateDecision acquire(Caller caller, boolean submits);

  /** Lets every request through. */
  static RateLimiter unlimited() {
    return (caller, submits) -> RateDecision.unlimited();
  }
}
