package dev.ujm.core.worker;

import dev.ujm.core.model.JobState;
import dev.ujm.core.model.JobUpdate;
import java.time.InstantSource;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's ear on the store, so that it reacts within milliseconds instead of at the next poll
 * or heartbeat. For each committed state change it hears:
 *
 * <ol>
 *   <li>a job that became queued rings the pool of its queue (only while the worker claims);
 *   <li>a job running here that someone else moved out of processing (a cancel, the orphan reaper)
 *       is stopped, which interrupts its handler: as cancelled, or as lease lost.
 * </ol>
 *
 * Listeners may hear of changes late and out of order, so an update stops an attempt only when it
 * names that very attempt; the heartbeat is the safety net for anything missed. Quick and never
 * throws, as the store asks. Thread-safe.
 */
final class StoreReactions implements Consumer<JobUpdate> {
  private static final Logger LOG = LoggerFactory.getLogger(StoreReactions.class);

  /** How the worker wants to hear. */
  enum Mode {
    /** Wake pools and stop attempts. */
    CLAIMING,
    /** Shutting down: stop attempts, but wake no pool. */
    DRAINING,
    /** Not started or stopped: ignore everything (a store cannot forget a listener). */
    DEAF
  }

  private final Map<String, QueuePool> pools;
  private final RunningAttempts running;
  private final InstantSource clock;
  private final Supplier<Mode> mode;

  StoreReactions(
      Map<String, QueuePool> pools,
      RunningAttempts running,
      InstantSource clock,
      Supplier<Mode> mode) {
    this.pools = pools;
    this.running = running;
    this.clock = clock;
    this.mode = mode;
  }

  @Override
  public void accept(JobUpdate update) {
    try {
      Mode now = mode.get();
      if (now == Mode.DEAF || !update.isStateChange()) {
        return;
      }
      JobState to = update.transition().to();
      if (to == JobState.QUEUED && now == Mode.CLAIMING) {
        QueuePool pool = pools.get(update.job().queue());
        if (pool != null) {
          pool.wake();
        }
      }
      Attempt attempt = running.get(update.job().id());
      if (attempt != null && movedOutOf(attempt, update)) {
        attempt.stop(
            to == JobState.CANCELLED ? StopReason.CANCELLED : StopReason.LEASE_LOST,
            clock.instant());
      }
    } catch (RuntimeException e) {
      LOG.warn("the worker could not react to an update of job {}", update.job().id(), e);
    }
  }

  /**
   * Whether the update took this very attempt out of processing while its handler still runs. The
   * attempt number must match (an old attempt's late news must not stop a new one); and since the
   * worker's own end writes happen only after the phase left running, such a change was made by
   * someone else.
   */
  static boolean movedOutOf(Attempt attempt, JobUpdate update) {
    return update.transition().from() == JobState.PROCESSING
        && update.transition().attempt() == attempt.job().attempt()
        && attempt.phase() == Attempt.Phase.RUNNING;
  }
}
