package dev.ujm.core.duty;

import dev.ujm.core.store.JobStore;
import java.time.Duration;

/**
 * Gives the storage that purges freed back to the file system, a little at a time, so a database
 * shrinks after a purge without one long pause. Each pass:
 *
 * <ol>
 *   <li>asks the store to give back freed space ({@code store.reclaimSpace}) in {@link PacedSteps
 *       paced steps} sized to take about {@link #STEP_TARGET} each, until a step gives back less
 *       than asked (the store keeps a reserve for the next writes);
 *   <li>a store with nothing to give back (or no such step, like the in-memory one) answers 0 at
 *       once.
 * </ol>
 *
 * Thread-safe.
 */
public final class SpaceReclaimer extends Duty {
  static final int FIRST_STEP = 512;
  static final int MIN_STEP = 64;
  static final int MAX_STEP = 8_192;
  static final Duration STEP_TARGET = Duration.ofMillis(25);

  /** A pass every 30 seconds. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

  private final JobStore store;
  private final PacedSteps steps;

  public SpaceReclaimer(JobStore store, Duration interval) {
    this(store, interval, PacedSteps.Ticker.SYSTEM);
  }

  SpaceReclaimer(JobStore store, Duration interval, PacedSteps.Ticker ticker) {
    super("space-reclaimer", interval);
    this.store = store;
    this.steps = new PacedSteps(ticker, FIRST_STEP, MIN_STEP, MAX_STEP, STEP_TARGET);
  }

  @Override
  public synchronized int runOnce() {
    return steps.run(store::reclaimSpace);
  }
}
