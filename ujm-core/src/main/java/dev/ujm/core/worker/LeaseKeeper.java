package dev.ujm.core.worker;

import dev.ujm.core.model.Lease;
import dev.ujm.core.store.HeartbeatRequest;
import dev.ujm.core.store.HeartbeatResult;
import dev.ujm.core.store.JobStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's leases alive. Each beat:
 *
 * <ol>
 *   <li>collects the leases of every attempt still running here;
 *   <li>extends them all in one {@code store.heartbeat} call (made even with no leases, so a store
 *       can track live workers);
 *   <li>stops the attempts whose lease the store says is lost: as cancelled when the job was
 *       cancelled, otherwise as lease lost; their handlers are interrupted and nothing more is
 *       written for them.
 * </ol>
 *
 * A failed beat is logged; the next one tries again (leases outlive several beats). Thread-safe.
 */
final class LeaseKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

  private final JobStore store;
  private final RunningAttempts running;
  private final InstantSource clock;
  private final String workerId;
  private final Duration leaseDuration;

  LeaseKeeper(
      JobStore store,
      RunningAttempts running,
      InstantSource clock,
      String workerId,
      Duration leaseDuration) {
    this.store = store;
    this.running = running;
    this.clock = clock;
    this.workerId = workerId;
    this.leaseDuration = leaseDuration;
  }

  /**
   * One beat.
   *
   * @return how many attempts it stopped because their lease was lost
   */
  int beatOnce() {
    List<Lease> leases = running.heldLeases();
    HeartbeatResult result;
    try {
      result = store.heartbeat(new HeartbeatRequest(workerId, leases, leaseDuration));
    } catch (RuntimeException e) {
      LOG.warn("heartbeat of {} lease(s) failed; retrying at the next beat", leases.size(), e);
      return 0;
    }
    int stopped = 0;
    for (String jobId : result.lost()) {
      Attempt attempt = running.get(jobId);
      if (attempt == null || attempt.phase() != Attempt.Phase.RUNNING) {
        continue; // already writing or written its end; the lease is lost because of that write
      }
      StopReason reason =
          result.cancelled().contains(jobId) ? StopReason.CANCELLED : StopReason.LEASE_LOST;
      if (attempt.stop(reason, clock.instant())) {
        LOG.info("job {} attempt {} stopped: {}", jobId, attempt.job().attempt(), reason);
        stopped++;
      }
    }
    return stopped;
  }
}
