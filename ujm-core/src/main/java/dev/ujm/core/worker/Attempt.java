package dev.ujm.core.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One claimed job while it runs on this node: its lease, why it was asked to stop (if it was), and
 * who writes its end.
 *
 * <p>Exactly one party writes the end of an attempt: the runner when the handler returns ({@link
 * #beginFinishing()}), the timeout watch when a handler ignores its interruption, or the shutdown
 * path that hands the job back ({@link #beginRelease()}). The phase moves once, under a lock, so
 * the loser of that race writes nothing. An interrupt is sent only while the phase is still
 * running, so the winner's own store write is never interrupted. Thread-safe.
 */
final class Attempt {
  /** Who may still write this attempt's end. */
  enum Phase {
    RUNNING,
    FINISHING,
    RELEASING,
    DONE
  }

  private final Job job;
  private final Instant startedAt;
  private final Instant deadline;
  private final ProgressCoalescer progress;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition stopSignal = lock.newCondition();
  private final CountDownLatch ended = new CountDownLatch(1);
  private StopReason stopReason;
  private Instant stoppedAt;
  private Phase phase = Phase.RUNNING;
  private Thread thread;
  private volatile Supplier<?> checkpointSupplier;
  private volatile JsonNode lastSavedCheckpoint;

  /**
   * @param job the job as claimed
   * @param startedAt when this node started it, by the node's clock
   */
  Attempt(Job job, Instant startedAt, ProgressCoalescer progress) {
    this.job = job;
    this.startedAt = startedAt;
    this.deadline =
        job.timeoutSeconds() == null ? null : startedAt.plusSeconds(job.timeoutSeconds());
    this.progress = progress;
    this.lastSavedCheckpoint = job.checkpoint();
  }

  Job job() {
    return job;
  }

  Lease lease() {
    return job.lease();
  }

  String jobId() {
    return job.id();
  }

  Instant startedAt() {
    return startedAt;
  }

  /** When the attempt times out, or null when the job has no timeout. */
  Instant deadline() {
    return deadline;
  }

  ProgressCoalescer progress() {
    return progress;
  }

  /** Binds the thread that runs the handler; a stop that came first interrupts it at once. */
  void attachThread(Thread runner) {
    lock.lock();
    try {
      thread = runner;
      if (stopReason != null && phase == Phase.RUNNING) {
        runner.interrupt();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Asks the attempt to stop: {@link #isStopped()} turns true, waiting sleeps wake, and the
   * handler's thread is interrupted while no end is being written. The first reason wins.
   *
   * @return whether this call set the reason
   */
  boolean stop(StopReason reason, Instant at) {
    lock.lock();
    try {
      if (stopReason != null) {
        return false;
      }
      stopReason = reason;
      stoppedAt = at;
      stopSignal.signalAll();
      if (phase == Phase.RUNNING && thread != null) {
        thread.interrupt();
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  boolean isStopped() {
    return stopReason() != null;
  }

  /** Why the attempt was asked to stop, or null. */
  StopReason stopReason() {
    lock.lock();
    try {
      return stopReason;
    } finally {
      lock.unlock();
    }
  }

  /** When it was asked to stop, or null. */
  Instant stoppedAt() {
    lock.lock();
    try {
      return stoppedAt;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits up to {@code duration} for a stop request.
   *
   * @return true when the attempt was asked to stop
   * @throws InterruptedException when the waiting thread is interrupted
   */
  boolean awaitStop(Duration duration) throws InterruptedException {
    long nanos = duration.toNanos();
    lock.lockInterruptibly();
    try {
      while (stopReason == null && nanos > 0) {
        nanos = stopSignal.awaitNanos(nanos);
      }
      return stopReason != null;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Claims the right to write the handler's outcome. When called on the handler's own thread it
   * also clears a pending interrupt, so the store write that follows is not disturbed.
   */
  boolean beginFinishing() {
    return moveFromRunning(Phase.FINISHING);
  }

  /**
   * Claims the right to hand the job back to the queue (shutdown); the handler's outcome will then
   * be dropped.
   */
  boolean beginRelease() {
    return moveFromRunning(Phase.RELEASING);
  }

  private boolean moveFromRunning(Phase next) {
    lock.lock();
    try {
      if (phase != Phase.RUNNING) {
        return false;
      }
      phase = next;
      if (Thread.currentThread() == thread) {
        Thread.interrupted(); // a stop may have interrupted us just before the handler returned
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The end of this attempt has been written (or deliberately not written). */
  void markDone() {
    lock.lock();
    try {
      phase = Phase.DONE;
    } finally {
      lock.unlock();
    }
  }

  Phase phase() {
    lock.lock();
    try {
      return phase;
    } finally {
      lock.unlock();
    }
  }

  /** Whether the worker should still extend this attempt's lease. */
  boolean holdsLease() {
    lock.lock();
    try {
      return phase != Phase.DONE
          && stopReason != StopReason.CANCELLED
          && stopReason != StopReason.LEASE_LOST;
    } finally {
      lock.unlock();
    }
  }

  /** The handler's thread has returned. */
  void markEnded() {
    ended.countDown();
  }

  boolean hasEnded() {
    return ended.getCount() == 0;
  }

  /** Waits up to {@code timeout} for the handler's thread to return. */
  boolean awaitEnded(Duration timeout) throws InterruptedException {
    return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  void checkpointWith(Supplier<?> supplier) {
    this.checkpointSupplier = supplier;
  }

  /** The handler's registered checkpoint supplier, or null. */
  Supplier<?> checkpointSupplier() {
    return checkpointSupplier;
  }

  /**
   * The checkpoint last written for this job (or handed to this attempt); used to skip unchanged
   * saves.
   */
  JsonNode lastSavedCheckpoint() {
    return lastSavedCheckpoint;
  }

  void checkpointSaved(JsonNode checkpoint) {
    this.lastSavedCheckpoint = checkpoint;
  }
}
