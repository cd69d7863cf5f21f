package dev.ujm.core.worker;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when a test says so. ujm-core's own tests cannot use {@code
 * dev.ujm.test.ManualClock} (ujm-test depends on ujm-core), so this is its twin. Thread-safe.
 */
public final class SettableClock implements InstantSource {
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

  @Override
  public Instant instant() {
    return now.get();
  }

  public Instant advance(Duration by) {
    return now.updateAndGet(t -> t.plus(by));
  }
}
