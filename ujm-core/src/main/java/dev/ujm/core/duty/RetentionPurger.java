package dev.ujm.core.duty;

import dev.ujm.core.store.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes finished jobs past their retention ({@code UJM_RETENTION_DAYS}). Each pass:
 *
 * <ol>
 *   <li>computes the cut-off: now minus the retention, by the injected clock;
 *   <li>asks the store to delete completed, failed and cancelled jobs that finished before it, with
 *       their events and results ({@code store.purge}), in batches of {@value #BATCH} until a batch
 *       comes back short;
 *   <li>logs how many it deleted.
 * </ol>
 *
 * A retention of zero turns purging off (finished jobs are kept), so that a zero can never delete a
 * result before its client had a chance to read it. Thread-safe.
 */
public final class RetentionPurger extends Duty {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionPurger.class);
  static final int BATCH = 1000;
  private static final int MAX_ROUNDS = 100;
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(10);

  private final JobStore store;
  private final InstantSource clock;
  private final Duration retention;

  /**
   * @param retention how long finished jobs are kept; zero keeps them for ever
   */
  public RetentionPurger(
      JobStore store, InstantSource clock, Duration retention, Duration interval) {
    super("retention-purger", interval);
    this.store = store;
    this.clock = clock;
    this.retention = retention;
    if (retention.isNegative()) {
      throw new IllegalArgumentException("retention must not be negative");
    }
  }

  @Override
  public int runOnce() {
    if (retention.isZero()) {
      return 0;
    }
    Instant cutOff = clock.instant().minus(retention);
    int purged = inBatches(BATCH, MAX_ROUNDS, limit -> store.purge(cutOff, limit));
    if (purged > 0) {
      LOG.info("purged {} job(s) that finished before {}", purged, cutOff);
    }
    return purged;
  }
}
