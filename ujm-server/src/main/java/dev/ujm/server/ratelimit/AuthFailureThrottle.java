package dev.ujm.server.ratelimit;

import dev.ujm.server.logs.LogText;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throttles guessing at keys, per client address:
 *
 * <ol>
 *   <li>each failed authentication (an unknown or revoked key) takes a token from the address's
 *       bucket of {@code UJM_RATE_AUTH_FAILURES_PER_MINUTE};
 *   <li>the first half of them are answered at once, each further one held back longer (a quarter
 *       second more each, at most {@link #LONGEST_HOLD});
 *   <li>a failure with the bucket empty blocks the address for {@code UJM_RATE_AUTH_BLOCK_SECONDS}
 *       and is logged: every request from it with a key, a right one too, then answers 429.
 * </ol>
 *
 * A good key does not clear an address's failures, so one known key cannot be used to keep
 * guessing. Thread-safe.
 */
public final class AuthFailureThrottle {
  private static final Logger LOG = LoggerFactory.getLogger(AuthFailureThrottle.class);
  static final Duration LONGEST_HOLD = Duration.ofSeconds(2);
  private static final Duration STEP = Duration.ofMillis(250);
  private static final int MAX_BLOCKED = 100_000;

  private final RateBuckets buckets;
  private final BucketConfiguration perAddress;
  private final long allowed;
  private final Duration blockFor;
  private final InstantSource clock;
  private final Map<String, Long> blockedUntil = new ConcurrentHashMap<>();

  public AuthFailureThrottle(RateSettings settings, RateBuckets buckets, InstantSource clock) {
    this.buckets = buckets;
    this.allowed = settings.authFailuresPerMinute();
    this.blockFor = settings.authBlock();
    this.clock = clock;
    this.perAddress =
        BucketConfiguration.builder()
            .addLimit(
                Bandwidth.builder()
                    .capacity(allowed)
                    .refillGreedy(allowed, Duration.ofMinutes(1))
                    .build())
            .build();
  }

  /** How much longer the address is blocked; empty when it is not. */
  public Optional<Duration> blocked(String address) {
    Long until = blockedUntil.get(address);
    if (until == null) {
      return Optional.empty();
    }
    long left = until - clock.millis();
    if (left <= 0) {
      blockedUntil.remove(address, until);
      return Optional.empty();
    }
    return Optional.of(Duration.ofMillis(left));
  }

  /**
   * Counts a failed authentication from the address.
   *
   * @return how long to hold the 401 back; zero for the first failures
   */
  public Duration failed(String address) {
    Bucket bucket = buckets.bucket("auth:" + address, perAddress);
    if (!bucket.tryConsume(1)) {
      block(address);
      return Duration.ZERO;
    }
    long used = allowed - bucket.getAvailableTokens();
    long beyond = used - (allowed + 1) / 2;
    if (beyond <= 0) {
      return Duration.ZERO;
    }
    Duration hold = STEP.multipliedBy(beyond);
    return hold.compareTo(LONGEST_HOLD) > 0 ? LONGEST_HOLD : hold;
  }

  private void block(String address) {
    if (blockedUntil.size() >= MAX_BLOCKED) {
      long now = clock.millis();
      blockedUntil.values().removeIf(until -> until <= now);
    }
    if (blockedUntil.put(address, clock.millis() + blockFor.toMillis()) == null) {
      LOG.warn(
          "address {} blocked for {} s after {} failed authentications within a minute",
          LogText.escape(address),
          blockFor.toSeconds(),
          allowed);
    }
  }
}
