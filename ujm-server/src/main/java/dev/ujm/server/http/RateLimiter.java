package dev.ujm.server.http;

import dev.ujm.core.auth.ApiKey;
import java.time.Duration;
import java.util.Optional;

/**
 * Decides whether a key may make one more request now. The seam for per-key rate limits: {@link
 * #unlimited()} is the default; a limiter that refuses makes the API answer 429 with {@code
 * Retry-After}. Implementations are thread-safe and quick.
 */
@FunctionalInterface
public interface RateLimiter {

  /** Empty when the request may go ahead; else how long the key should wait. */
  Optional<Duration> acquire(ApiKey key);

  /** Lets every request through. */
  static RateLimiter unlimited() {
    return key -> Optional.empty();
  }
}
