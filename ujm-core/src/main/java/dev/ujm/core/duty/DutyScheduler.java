package dev.ujm.core.duty;

import dev.ujm.core.cluster.ClusterLock;
import dev.ujm.core.cluster.LockGrant;
import dev.ujm.core.store.StorageFaultException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
 *   <li>before each pass of a cluster-wide duty the scheduler takes (or renews) the duty's cluster
 *       lock {@code duty:<name>}; while another node holds it, the pass is skipped;
 *   <li>each pass runs {@link Duty#runOnce()}; a pass that throws is logged and the duty runs again
 *       at its next turn (a failing store must not end the duty for good); a pass that meets a
 *       {@link StorageFaultException} is logged only at debug level, because the store itself logs
 *       once when its storage starts and stops failing;
 *   <li>{@link #close()} stops scheduling, waits briefly for a running pass to end and gives the
 *       locks back.
 * </ol>
 *
 * Passes of one duty never overlap. One start and one close per instance. Thread-safe.
 */
public final class DutyScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DutyScheduler.class);

  /** A grant outlives a few missed passes, so a stalled pass does not hand the duty over. */
  private static final Duration MIN_LOCK_TTL = Duration.ofSeconds(15);

  private final List<Duty> duties;
  private final ClusterLock lock;
  private final String holder;
  private final Map<String, LockGrant> grants = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler;
  private boolean started;

  /**
   * @param lock the lock that keeps each cluster-wide duty on one node at a time
   * @param holder this node's name in the lock (its worker id)
   */
  public DutyScheduler(List<Duty> duties, ClusterLock lock, String holder) {
    this.duties = List.copyOf(duties);
    this.lock = lock;
    this.holder = holder;
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
      scheduler.scheduleWithFixedDelay(() -> runPass(duty), millis, millis, TimeUnit.MILLISECONDS);
    }
    LOG.info("duties started: {}", duties);
    return this;
  }

  /**
   * One pass of a duty as the scheduler runs it: under the duty's cluster lock when it is
   * cluster-wide. Returns how many jobs it acted on, or -1 when another node holds the lock.
   */
  public int runPass(Duty duty) {
    try {
      if (duty.isClusterWide() && !holdsLock(duty)) {
        return -1;
      }
      int acted = duty.runOnce();
      if (acted > 0) {
        LOG.debug("{} acted on {} job(s)", duty.name(), acted);
      }
      return acted;
    } catch (StorageFaultException e) {
      LOG.debug("{} skipped a pass: {}", duty.name(), e.getMessage());
      return 0;
    } catch (RuntimeException e) {
      LOG.warn("{} failed; it runs again in {} ms", duty.name(), duty.interval().toMillis(), e);
      return 0;
    }
  }

  private boolean holdsLock(Duty duty) {
    Duration ttl = duty.interval().multipliedBy(3);
    if (ttl.compareTo(MIN_LOCK_TTL) < 0) {
      ttl = MIN_LOCK_TTL;
    }
    LockGrant held = grants.get(duty.name());
    if (held != null && lock.renew(held, ttl)) {
      return true;
    }
    Optional<LockGrant> grant = lock.tryAcquire("duty:" + duty.name(), holder, ttl);
    if (grant.isPresent()) {
      if (held == null || held.token() != grant.get().token()) {
        LOG.debug("{} now runs on this node (lock token {})", duty.name(), grant.get().token());
      }
      grants.put(duty.name(), grant.get());
      return true;
    }
    grants.remove(duty.name());
    return false;
  }

  /** Stops every duty; waits up to 5 seconds for a running pass to end; gives the locks back. */
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
    grants.values().forEach(grant -> releaseQuietly(grant));
    grants.clear();
  }

  private void releaseQuietly(LockGrant grant) {
    try {
      lock.release(grant);
    } catch (RuntimeException e) {
      LOG.debug("could not give back {}; it expires by itself", grant.name(), e);
    }
  }
}
