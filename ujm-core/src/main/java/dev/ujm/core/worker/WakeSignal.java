package dev.ujm.core.worker;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A one-bit doorbell between threads: {@link #signal()} rings it, {@link #await(Duration)} returns
 * at once if it rang since the last wait, otherwise waits for a ring or the timeout. Rings are not
 * counted. Thread-safe.
 */
final class WakeSignal {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition rung = lock.newCondition();
  private boolean pending;

  void signal() {
    lock.lock();
    try {
      pending = true;
      rung.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits for a ring or the timeout, and clears the ring.
   *
   * @return whether it rang
   */
  boolean await(Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lockInterruptibly();
    try {
      while (!pending && nanos > 0) {
        nanos = rung.awaitNanos(nanos);
      }
      boolean rang = pending;
      pending = false;
      return rang;
    } finally {
      lock.unlock();
    }
  }
}
