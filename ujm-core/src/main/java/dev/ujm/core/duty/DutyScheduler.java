package dev.ujm.core.duty;

import dev.ujm.core.store.StorageFaultException;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a set of {@link Duty duties} on one shared lifecycle and one scheduler (a virtual thread per
 * duty, so a slow purge never delays the promoter):
 *
 * <ol>
 *   <li>{@link #start()} schedules each duty at its own interval, the first pass one interval after
 *       start;
 *   <li>each pass runs {@link Duty#runOnce()}; a pass that throws is logged and the duty runs again
 *       at its next turn (a failing store must not end the duty for good); a pass that meets a
 *       {@link StorageFaultException} is logged only at debug level, because the store itself logs
 *       once when its storage starts and stops failing;
 *   <li>{@link #close()} stops scheduling and waits briefly for a running pass to end.
 * </ol>
 *
 * Passes of one duty never overlap. One start and one close per instance. Thread-safe.
 */
public final class DutyScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DutyScheduler.class);

  private final List<Duty> duties;
  private final ScheduledExecutorService scheduler;
  private boolean started;

  public DutyScheduler(List<Duty> duties) {
    this.duties = List.copyOf(duties);
    var executor =
        new ScheduledThreadPoolExecutor(
            Math.max(1, this.duties.size()), Thread.ofVirtual().name("ujm-duty-", 0).factory());
    executor.setRemoveOnCancelPolicy(true);
    this.scheduler = executor;
  }

  public List<Duty> duties() {
    return duties;
  }

  /**
   * Starts every duty.
   *
   * @throws IllegalStateException when already started or closed
   */
  public synchronized DutyScheduler start() {
    if (started || scheduler.isShutdown()) {
      throw new IllegalStateException("duties start once");
    }
    started = true;
    for (Duty duty : duties) {
      long millis = duty.interval().toMillis();
      scheduler.scheduleWithFixedDelay(
          () -> runGuarded(duty), millis, millis, TimeUnit.MILLISECONDS);
    }
    LOG.info("duties started: {}", duties);
    return this;
  }

  /** Stops every duty; waits up to 5 seconds for a running pass to end. */
  @Override
  public synchronized void close() {
    if (scheduler.isShutdown()) {
      return;
    }
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
        scheduler.shutdownNow();
      }
    } catch (InterruptedException e) {
      scheduler.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static void runGuarded(Duty duty) {
    try {
      int acted = duty.runOnce();
      if (acted > 0) {
        LOG.debug("{} acted on {} job(s)", duty.name(), acted);
      }
    } catch (StorageFaultException e) {
      LOG.debug("{} skipped a pass: {}", duty.name(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("{} failed; it runs again in {} ms", duty.name(), duty.interval().toMillis(), e);
    }
  }
}
