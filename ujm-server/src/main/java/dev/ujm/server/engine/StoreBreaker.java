package dev.ujm.server.engine;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A circuit breaker in front of the job store, so that requests fail fast while it fails instead of
 * each one waiting for its own failure. Closed, every request goes to the store. After {@link
 * #threshold} store failures in a row it opens: for {@link #cooldown} the {@link Backend} answers
 * at once that the store is unavailable, with the seconds left as {@code Retry-After}. Once the
 * cooldown is over, requests go to the store again: the first success closes the breaker, the first
 * failure opens it for another cooldown. One log line per opening and per closing, with the count
 * of failures. Thread-safe.
 */
public final class StoreBreaker {
  private static final Logger LOG = LoggerFactory.getLogger(StoreBreaker.class);

  /** Failures in a row that open the breaker unless set. */
  public static final int DEFAULT_THRESHOLD = 5;

  /** How long an open breaker refuses unless set. */
  public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(5);

  private final int threshold;
  private final Duration cooldown;
  private final LongSupplier nanoTime;
  private final AtomicInteger failuresInARow = new AtomicInteger();
  private final AtomicLong openUntil = new AtomicLong(); // nanoTime; 0 while closed

  public StoreBreaker(int threshold, Duration cooldown) {
    this(threshold, cooldown, System::nanoTime);
  }

  StoreBreaker(int threshold, Duration cooldown, LongSupplier nanoTime) {
    if (threshold < 1 || cooldown.isNegative() || cooldown.isZero()) {
      throw new IllegalArgumentException("the breaker needs a threshold >= 1 and a cooldown > 0");
    }
    this.threshold = threshold;
    this.cooldown = cooldown;
    this.nanoTime = nanoTime;
  }

  /** How long requests should wait before trying again, or zero when they may go ahead now. */
  public Duration retryAfter() {
    long until = openUntil.get();
    if (until == 0) {
      return Duration.ZERO;
    }
    long left = until - nanoTime.getAsLong();
    return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
  }

  /** Whether the breaker refuses now. */
  public boolean isOpen() {
    return !retryAfter().isZero();
  }

  /** A request the store answered. */
  public void succeeded() {
    failuresInARow.set(0);
    if (openUntil.getAndSet(0) != 0) {
      LOG.info("the job store answers again; requests go to it again");
    }
  }

  /** A request the store failed. */
  public void failed() {
    int failures = failuresInARow.incrementAndGet();
    if (failures < threshold) {
      return;
    }
    long now = nanoTime.getAsLong();
    long until = openUntil.get();
    if (until != 0 && until - now > 0) {
      return; // already open
    }
    if (openUntil.compareAndSet(until, Math.max(1, now + cooldown.toNanos()))) {
      LOG.warn(
          "the job store failed {} requests in a row; refusing job requests for {} s (503 with Retry-After)",
          failures,
          cooldown.toSeconds());
    }
  }

  public int threshold() {
    return threshold;
  }

  public Duration cooldown() {
    return cooldown;
  }
}
