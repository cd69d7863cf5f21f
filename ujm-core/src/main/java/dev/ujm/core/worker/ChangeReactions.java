package dev.ujm.core.worker;

import dev.ujm.core.events.EventListener;
import dev.ujm.core.events.JobChange;
import dev.ujm.core.model.JobState;
import java.time.InstantSource;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's ear on the event bus, so that it reacts within milliseconds instead of at the next
 * poll or heartbeat. For each committed state change it hears:
 *
 * <ol>
 *   <li>a job that became queued rings the pool of its queue (only while the worker claims);
 *   <li>a job running here that someone else moved out of processing (a cancel, the orphan reaper)
 *       is stopped, which interrupts its handler: as cancelled, or as lease lost.
 * </ol>
 *
 * Changes may arrive late, and some may be lost when the worker falls behind, so a change stops an
 * attempt only when it names that very attempt; the heartbeat and the pools' idle polling are the
 * safety net for anything missed. Never throws. Thread-safe.
 */
final class ChangeReactions implements EventListener {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeReactions.class);

  /** How the worker wants to hear. */
  enum Mode {
    /** Wake pools and stop attempts. */
    CLAIMING,
    /** Shutting down: stop attempts, but wake no pool. */
    DRAINING,
    /** Not started or stopped: ignore everything. */
    DEAF
  }

  private final Map<String, QueuePool> pools;
  private final RunningAttempts running;
  private final InstantSource clock;
  private final Supplier<Mode> mode;

  ChangeReactions(
      Map<String, QueuePool> pools,
      RunningAttempts running,
      InstantSource clock,
      Supplier<Mode> mode) {
    this.pools = pools;
    this.running = running;
    this.clock = clock;
    this.mode = mode;
  }

  /**
   * Whether a change may call for a reaction here: a job queued on a queue of this node, or a job
   * running here moved out of processing. The bus asks on its dispatching thread, so the worker's
   * own claims and completions (most of the traffic) are never handed over at all.
   */
  boolean concerns(JobChange change) {
    if (!change.isStateChange()) {
      return false;
    }
    if (change.state() == JobState.QUEUED && pools.containsKey(change.queue())) {
      return true;
    }
    return change.from() == JobState.PROCESSING && running.get(change.jobId()) != null;
  }

  @Override
  public void onEvent(JobChange change) {
    try {
      Mode now = mode.get();
      if (now == Mode.DEAF || !change.isStateChange()) {
        return;
      }
      JobState to = change.state();
      if (to == JobState.QUEUED && now == Mode.CLAIMING) {
        QueuePool pool = pools.get(change.queue());
        if (pool != null) {
          pool.wake();
        }
      }
      Attempt attempt = running.get(change.jobId());
      if (attempt != null && movedOutOf(attempt, change)) {
        attempt.stop(
            to == JobState.CANCELLED ? StopReason.CANCELLED : StopReason.LEASE_LOST,
            clock.instant());
      }
    } catch (RuntimeException e) {
      LOG.warn("the worker could not react to a change of job {}", change.jobId(), e);
    }
  }

  /** Lost changes may have queued jobs: every pool looks at its queue again. */
  @Override
  public void onOverflow(long missed) {
    if (mode.get() == Mode.CLAIMING) {
      pools.values().forEach(QueuePool::wake);
    }
  }

  /**
   * Whether the change took this very attempt out of processing while its handler still runs. The
   * attempt number must match (an old attempt's late news must not stop a new one); and since the
   * worker's own end writes happen only after the phase left running, such a change was made by
   * someone else.
   */
  static boolean movedOutOf(Attempt attempt, JobChange change) {
    return change.from() == JobState.PROCESSING
        && change.attempt() == attempt.job().attempt()
        && attempt.phase() == Attempt.Phase.RUNNING;
  }
}
