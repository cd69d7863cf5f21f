package dev.ujm.core.duty;

import dev.ujm.core.store.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes finished jobs past their retention ({@code UJM_RETENTION_DAYS}) and keeps up with the
 * rate at which jobs finish. Each pass:
 *
 * <ol>
 *   <li>computes the cut-off: now minus the retention, by the injected clock;
 *   <li>asks the store to delete completed, failed and cancelled jobs that finished before it
 *       ({@code store.purge}: their results go, their audit trails are kept), in {@link PacedSteps
 *       paced steps} sized to take about {@link #STEP_TARGET} each, until a step comes back short;
 *   <li>logs how many it deleted.
 * </ol>
 *
 * A pass runs until the backlog is gone, taking at most half of the store's time while other writes
 * wait, so a store completing thousands of jobs a second is purged as fast as it fills. A retention
 * of zero turns purging off (finished jobs are kept), so that a zero can never delete a result
 * before its client had a chance to read it. Thread-safe.
 */
public final class RetentionPurger extends Duty {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionPurger.class);
  static final int FIRST_STEP = 1_000;
  static final int MIN_STEP = 500;
  static final int MAX_STEP = 20_000;

  /** About how long one purge step holds the store's writer. */
  static final Duration STEP_TARGET = Duration.ofMillis(25);

  /** A pass every 10 seconds: each pass clears what came due since the last. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  private final JobStore store;
  private final InstantSource clock;
  private final Duration retention;
  private final PacedSteps steps;

  /**
   * @param retention how long finished jobs are kept; zero keeps them for ever
   */
  public RetentionPurger(
      JobStore store, InstantSource clock, Duration retention, Duration interval) {
    this(store, clock, retention, interval, PacedSteps.Ticker.SYSTEM);
  }

  RetentionPurger(
      JobStore store,
      InstantSource clock,
      Duration retention,
      Duration interval,
      PacedSteps.Ticker ticker) {
    super("retention-purger", interval);
    this.store = store;
    this.clock = clock;
    this.retention = retention;
    if (retention.isNegative()) {
      throw new IllegalArgumentException("retention must not be negative");
    }
    this.steps = new PacedSteps(ticker, FIRST_STEP, MIN_STEP, MAX_STEP, STEP_TARGET);
  }

  @Override
  public synchronized int runOnce() {
    if (retention.isZero()) {
      return 0;
    }
    Instant cutOff = clock.instant().minus(retention);
    int purged = steps.run(limit -> store.purge(cutOff, limit));
    if (purged > 0) {
      LOG.info("purged {} job(s) that finished before {}", purged, cutOff);
    }
    return purged;
  }
}
