package dev.ujm.core.worker;

import dev.ujm.core.model.Lease;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The attempts running on this node, by job id: what the heartbeat extends, what cancellation and
 * timeouts stop, what shutdown hands back. An attempt is added before its thread starts and removed
 * when its thread ends. Thread-safe.
 */
final class RunningAttempts {
  private final ConcurrentHashMap<String, Attempt> byJobId = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  void add(Attempt attempt) {
    byJobId.put(attempt.jobId(), attempt);
  }

  void remove(Attempt attempt) {
    byJobId.remove(attempt.jobId(), attempt);
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The attempt of this job running here, or null. */
  Attempt get(String jobId) {
    return byJobId.get(jobId);
  }

  Collection<Attempt> all() {
    return List.copyOf(byJobId.values());
  }

  int size() {
    return byJobId.size();
  }

  /** The leases still to be extended. */
  List<Lease> heldLeases() {
    return byJobId.values().stream().filter(Attempt::holdsLease).map(Attempt::lease).toList();
  }

  /**
   * Waits until no attempt runs, or the timeout passes.
   *
   * @return whether none runs
   */
  boolean awaitEmpty(Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lockInterruptibly();
    try {
      while (!byJobId.isEmpty() && nanos > 0) {
        nanos = changed.awaitNanos(nanos);
      }
      return byJobId.isEmpty();
    } finally {
      lock.unlock();
    }
  }
}
