package dev.ujm.core.duty;

import dev.ujm.core.store.JobStore;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives back the jobs of workers that died or stalled. Each pass:
 *
 * <ol>
 *   <li>asks the store to requeue processing jobs whose lease has expired ({@code
 *       store.requeueExpired}), in batches of {@value #BATCH} until a batch comes back short; the
 *       store puts each back in its queue with its checkpoint, or dead-letters it when that attempt
 *       was its last;
 *   <li>logs how many it requeued.
 * </ol>
 *
 * Whether a lease has expired is decided by the store's clock. Thread-safe.
 */
public final class OrphanReaper extends Duty {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanReaper.class);
  static final int BATCH = 500;
  private static final int MAX_ROUNDS = 20;

  /** Pass every second: a job of a dead worker waits at most its lease plus this. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

  private final JobStore store;

  public OrphanReaper(JobStore store, Duration interval) {
    super("orphan-reaper", interval);
    this.store = store;
  }

  @Override
  public int runOnce() {
    int requeued = inBatches(BATCH, MAX_ROUNDS, store::requeueExpired);
    if (requeued > 0) {
      LOG.info("requeued {} job(s) whose lease expired", requeued);
    }
    return requeued;
  }
}
