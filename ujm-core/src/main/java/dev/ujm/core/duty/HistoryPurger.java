package dev.ujm.core.duty;

import dev.ujm.core.store.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the audit trails that retention kept of purged jobs once they are past their own
 * retention ({@code UJM_AUDIT_RETENTION_DAYS}, counted from the job's finish). Each pass:
 *
 * <ol>
 *   <li>computes the cut-off: now minus the audit retention, by the injected clock;
 *   <li>asks the store to delete the kept trails of purged jobs that finished before it ({@code
 *       store.purgeHistory}), in {@link PacedSteps paced steps}, until a step comes back short;
 *   <li>logs how many it deleted.
 * </ol>
 *
 * An audit retention of zero (the default) keeps the trails for ever. The trails of jobs still in
 * the store are never touched: they go only after their job was purged. Thread-safe.
 */
public final class HistoryPurger extends Duty {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryPurger.class);
  static final int FIRST_STEP = 1_000;
  static final int MIN_STEP = 500;
  static final int MAX_STEP = 20_000;
  static final Duration STEP_TARGET = Duration.ofMillis(25);

  /** A pass a minute: trails are kept for days, a minute late is nothing. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

  private final JobStore store;
  private final InstantSource clock;
  private final Duration retention;
  private final PacedSteps steps;

  /**
   * @param retention how long the trail of a purged job is kept after the job finished; zero keeps
   *     it for ever
   */
  public HistoryPurger(JobStore store, InstantSource clock, Duration retention, Duration interval) {
    this(store, clock, retention, interval, PacedSteps.Ticker.SYSTEM);
  }

  HistoryPurger(
      JobStore store,
      InstantSource clock,
      Duration retention,
      Duration interval,
      PacedSteps.Ticker ticker) {
    super("history-purger", interval);
    if (retention.isNegative()) {
      throw new IllegalArgumentException("audit retention must not be negative");
    }
    this.store = store;
    this.clock = clock;
    this.retention = retention;
    this.steps = new PacedSteps(ticker, FIRST_STEP, MIN_STEP, MAX_STEP, STEP_TARGET);
  }

  @Override
  public synchronized int runOnce() {
    if (retention.isZero()) {
      return 0;
    }
    Instant cutOff = clock.instant().minus(retention);
    int purged = steps.run(limit -> store.purgeHistory(cutOff, limit));
    if (purged > 0) {
      LOG.info(
          "deleted the kept audit trails of {} purged job(s) that finished before {}",
          purged,
          cutOff);
    }
    return purged;
  }
}
