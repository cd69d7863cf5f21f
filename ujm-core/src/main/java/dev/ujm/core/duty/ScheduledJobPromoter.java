package dev.ujm.core.duty;

import dev.ujm.core.store.JobStore;
import java.time.Duration;

/**
 * Moves delayed jobs and retries whose time has come into their queue. Each pass:
 *
 * <ol>
 *   <li>asks the store to promote scheduled jobs whose {@code runAt} has passed to queued ({@code
 *       store.promoteDue}), in batches of {@value #BATCH} until a batch comes back short;
 *   <li>the store's listeners then ring the worker pools of those queues, so the jobs start at
 *       once.
 * </ol>
 *
 * It runs often ({@link #DEFAULT_INTERVAL}) so a delay or a retry backoff is kept to within a
 * fraction of a second. Thread-safe.
 */
public final class ScheduledJobPromoter extends Duty {
  static final int BATCH = 1000;
  private static final int MAX_ROUNDS = 20;
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(200);

  private final JobStore store;

  public ScheduledJobPromoter(JobStore store, Duration interval) {
    super("scheduled-job-promoter", interval);
    this.store = store;
  }

  @Override
  public int runOnce() {
    return inBatches(BATCH, MAX_ROUNDS, store::promoteDue);
  }
}
