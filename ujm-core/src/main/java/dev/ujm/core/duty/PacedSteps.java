package dev.ujm.core.duty;

import java.time.Duration;
import java.util.function.IntUnaryOperator;

/**
 * Works through a backlog in steps small enough that the store's other writers are never held up
 * for long, and fast enough to keep up: the loop of the retention duties.
 *
 * <ol>
 *   <li>run one step of the current size (one store write, for example {@code purge(cutOff, n)});
 *   <li>stop when the step acted on fewer than it was asked to (the backlog is gone) or the thread
 *       is interrupted (the duties are closing);
 *   <li>size the next step so that it takes about the target time: larger after a quick step,
 *       smaller after a slow one (at most twice or half the last size, within the bounds);
 *   <li>pause as long as the step took, so the duty takes at most half of the store's time while a
 *       load runs, and go on.
 * </ol>
 *
 * The step size is kept from one run to the next. Not thread-safe: each duty owns one and its
 * passes never overlap.
 */
final class PacedSteps {
  /** How a step is timed and how the pause is taken; tests use a scripted one. */
  interface Ticker {
    long nanoTime();

    void pause(long nanos) throws InterruptedException;

    Ticker SYSTEM =
        new Ticker() {
          @Override
          public long nanoTime() {
            return System.nanoTime();
          }

          @Override
          public void pause(long nanos) throws InterruptedException {
            Thread.sleep(Duration.ofNanos(nanos));
          }
        };
  }

  private final Ticker ticker;
  private final int min;
  private final int max;
  private final long targetNanos;
  private int size;

  /**
   * @param first the size of the first step
   * @param min the smallest step
   * @param max the largest step
   * @param target about how long one step should take
   */
  PacedSteps(Ticker ticker, int first, int min, int max, Duration target) {
    if (min < 1 || first < min || max < first) {
      throw new IllegalArgumentException("need 1 <= min <= first <= max");
    }
    this.ticker = ticker;
    this.min = min;
    this.max = max;
    this.targetNanos = target.toNanos();
    this.size = first;
  }

  /**
   * Runs steps until one comes back short or the thread is interrupted (its flag is kept).
   *
   * @param step does up to the given number and returns how many it did
   * @return the total done
   */
  int run(IntUnaryOperator step) {
    int total = 0;
    while (!Thread.currentThread().isInterrupted()) {
      int asked = size;
      long start = ticker.nanoTime();
      int done = step.applyAsInt(asked);
      long took = Math.max(0, ticker.nanoTime() - start);
      total += done;
      size = nextSize(asked, took);
      if (done < asked) {
        break;
      }
      try {
        ticker.pause(took);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return total;
  }

  /** The size the next step will have. */
  int size() {
    return size;
  }

  private int nextSize(int asked, long took) {
    long scaled = took <= 0 ? 2L * asked : Math.round((double) asked * targetNanos / took);
    long bounded = Math.max(asked / 2, Math.min(2L * asked, scaled));
    return (int) Math.max(min, Math.min(max, bounded));
  }
}
