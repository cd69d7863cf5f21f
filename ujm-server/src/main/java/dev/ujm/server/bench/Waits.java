package dev.ujm.server.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * How a benchmark waits for what it has nothing to block on (another process starting, figures that
 * another process or node keeps catching up): it checks again at a fixed pace until the check holds
 * or the time is up. The one place the benchmarks pace such waits. Stateless.
 */
final class Waits {
  private Waits() {}

  /** A check that may ask another process. */
  @FunctionalInterface
  interface Check {
    boolean holds() throws IOException, InterruptedException;
  }

  /**
   * Returns once {@code check} holds; checks every {@code every}.
   *
   * @throws IllegalStateException with {@code timedOut}'s message when it still fails after {@code
   *     within}
   */
  static void until(Check check, Duration within, Duration every, Supplier<String> timedOut)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!check.holds()) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(timedOut.get());
      }
      Thread.sleep(every);
    }
  }

  /** {@link #until} for a check that asks nothing outside this process. */
  static void untilInProcess(
      BooleanSupplier check, Duration within, Duration every, Supplier<String> timedOut)
      throws InterruptedException {
    try {
      until((Check) check::getAsBoolean, within, every, timedOut);
    } catch (IOException e) {
      throw new AssertionError("a check in this process cannot fail with I/O", e);
    }
  }
}
