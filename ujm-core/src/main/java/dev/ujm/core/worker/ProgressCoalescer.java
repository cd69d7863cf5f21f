package dev.ujm.core.worker;

import dev.ujm.core.eta.AttemptEta;
import dev.ujm.core.model.Lease;
import dev.ujm.core.model.Progress;
import dev.ujm.core.store.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Limits one attempt's progress writes to one per {@link #MIN_GAP} (about four a second), however
 * often the handler reports. A report that comes too soon after the last write is kept as pending,
 * replacing any older pending one; the worker's tick writes it once the gap has passed ({@link
 * #flushDue()}), so the last value before a long pause always lands. Writes are fenced by the
 * attempt's lease and happen in the order they were decided; each is stamped with the attempt's
 * predicted time left ({@link AttemptEta}) as it is written. Thread-safe.
 */
final class ProgressCoalescer {
  /** The shortest time between two progress writes of one job. */
  static final Duration MIN_GAP = Duration.ofMillis(250);

  private final Lease lease;
  private final JobStore store;
  private final InstantSource clock;
  private final AttemptEta eta;
  private final ReentrantLock lock = new ReentrantLock();
  private Instant lastWrite;
  private Progress pending;

  ProgressCoalescer(Lease lease, JobStore store, InstantSource clock, AttemptEta eta) {
    this.lease = lease;
    this.eta = eta;
    this.store = store;
    this.clock = clock;
  }

  /**
   * Writes the report now when the gap since the last write has passed, otherwise keeps it as
   * pending.
   *
   * @throws dev.ujm.core.model.StaleLeaseException when the write is rejected
   */
  void offer(Progress progress) {
    lock.lock();
    try {
      Instant now = clock.instant();
      if (isDue(now)) {
        pending = null;
        write(progress, now);
      } else {
        pending = progress;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes the pending report if the gap has passed.
   *
   * @return whether a write was made
   * @throws dev.ujm.core.model.StaleLeaseException when the write is rejected
   */
  boolean flushDue() {
    lock.lock();
    try {
      Instant now = clock.instant();
      if (pending == null || !isDue(now)) {
        return false;
      }
      Progress next = pending;
      pending = null;
      write(next, now);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes a pending report at once, whatever the gap: the attempt's end is about to be written,
   * and the job should keep the last progress its handler reported (a crawl's "2041 of 2041").
   * Costs nothing when no report is pending.
   *
   * @throws dev.ujm.core.model.StaleLeaseException when the write is rejected
   */
  void flushNow() {
    lock.lock();
    try {
      if (pending != null) {
        Progress last = pending;
        pending = null;
        write(last, clock.instant());
      }
    } finally {
      lock.unlock();
    }
  }

  boolean hasPending() {
    lock.lock();
    try {
      return pending != null;
    } finally {
      lock.unlock();
    }
  }

  private boolean isDue(Instant now) {
    return lastWrite == null || !now.isBefore(lastWrite.plus(MIN_GAP));
  }

  private void write(Progress progress, Instant now) {
    lastWrite = now;
    store.progress(lease, eta.stamp(progress, now));
  }
}
