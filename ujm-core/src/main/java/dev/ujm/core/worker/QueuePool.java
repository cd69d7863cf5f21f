package dev.ujm.core.worker;

import dev.ujm.core.eta.AttemptEta;
import dev.ujm.core.model.Job;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.StoreCapability;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker pool of one queue on this node. Its claim loop:
 *
 * <ol>
 *   <li>counts its free slots ({@code size} minus running attempts); with none free, waits for a
 *       slot to free up;
 *   <li>claims up to that many jobs in one {@code store.claim} (highest priority, then oldest,
 *       first);
 *   <li>starts each claimed job on its own virtual thread; its slot frees, and the pool is rung, as
 *       soon as the handler returns, so the next claim goes to the store together with the outcome
 *       write instead of after it; on a store that claims with completions ({@link
 *       StoreCapability#CLAIM_ON_COMPLETE}) a completing job keeps its slot instead and claims the
 *       slot's next job in its own write, which then runs on the same thread (while the pool
 *       claims, is not paused and is no larger than its size);
 *   <li>when the queue gave fewer jobs than it had room for, waits for a ring (a job queued on this
 *       node, a freed slot) or a short idle timeout, so new jobs start at once without busy
 *       polling;
 *   <li>repeats until told to stop claiming.
 * </ol>
 *
 * If the loop dies on an unexpected error (the store is down, a bug), it is logged and restarted
 * after a backoff that doubles up to {@link #MAX_BACKOFF} and resets on the next good claim.
 * Thread-safe.
 */
final class QueuePool {
  private static final Logger LOG = LoggerFactory.getLogger(QueuePool.class);
  static final Duration MIN_BACKOFF = Duration.ofMillis(100);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final String queue;
  private volatile int size;
  private volatile boolean paused;
  private final RunTimes runTimes = new RunTimes();
  private final PoolSetup setup;
  private final WakeSignal wake = new WakeSignal();
  private final AtomicInteger busy = new AtomicInteger();
  private final AtomicLong claimed = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong restarts = new AtomicLong();
  private volatile boolean claiming;
  private volatile Duration backoff = MIN_BACKOFF;
  private final boolean claimsOnComplete;
  private Thread loop;

  QueuePool(String queue, int size, PoolSetup setup) {
    this.queue = queue;
    this.size = size;
    this.setup = setup;
    this.claimsOnComplete =
        setup.store().capabilities().contains(StoreCapability.CLAIM_ON_COMPLETE);
  }

  String queue() {
    return queue;
  }

  /** Starts the claim loop; a pool of size 0 or paused waits until it is resized or resumed. */
  synchronized void start() {
    if (loop != null) {
      return;
    }
    claiming = true;
    loop = Thread.ofVirtual().name("ujm-pool-" + queue).start(this::supervise);
  }

  /** Rings the pool: a job may be waiting in its queue. */
  void wake() {
    wake.signal();
  }

  /**
   * Stops claiming new jobs and waits up to {@code timeout} for the loop to leave; running jobs go
   * on.
   */
  void stopClaiming(Duration timeout) throws InterruptedException {
    claiming = false;
    wake.signal();
    Thread current;
    synchronized (this) {
      current = loop;
    }
    if (current != null && !current.join(timeout)) {
      LOG.warn("the claim loop of queue {} did not stop within {}", queue, timeout);
    }
  }

  /**
   * Sets the number of slots, live: a larger pool claims at once; a smaller one lets its running
   * jobs finish and claims again only when fewer than the new size run.
   */
  void resize(int slots) {
    if (slots < 0) {
      throw new IllegalArgumentException("a pool size cannot be negative: " + slots);
    }
    size = slots;
    wake.signal();
  }

  /** Stops (true) or restarts (false) claiming; running jobs go on either way. */
  void pause(boolean value) {
    paused = value;
    wake.signal();
  }

  int size() {
    return size;
  }

  int busy() {
    return busy.get();
  }

  boolean paused() {
    return paused;
  }

  /** The mean run time of this pool's recent attempts, or null before the first one ended. */
  java.time.Duration meanRunTime() {
    return runTimes.mean();
  }

  PoolSnapshot snapshot() {
    return new PoolSnapshot(
        queue,
        size,
        busy.get(),
        claimed.get(),
        completed.get(),
        failed.get(),
        restarts.get(),
        paused,
        null,
        null);
  }

  private void supervise() {
    while (claiming) {
      try {
        claimLoop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException | Error e) {
        restarts.incrementAndGet();
        Duration wait = backoff;
        backoff =
            wait.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait.multipliedBy(2);
        if (wait.equals(MIN_BACKOFF)) {
          LOG.error(
              "the claim loop of queue {} died; restarting it in {} ms", queue, wait.toMillis(), e);
        } else { // still failing: one line per restart, the stack trace was logged the first time
          LOG.warn(
              "the claim loop of queue {} died again ({}); restarting it in {} ms",
              queue,
              e,
              wait.toMillis());
        }
        try {
          wake.await(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void claimLoop() throws InterruptedException {
    while (claiming) {
      int free = paused ? 0 : size - busy.get();
      if (free <= 0) {
        wake.await(setup.idleWait());
        continue;
      }
      List<Job> jobs =
          setup
              .store()
              .claim(ClaimRequest.of(queue, setup.workerId(), free, setup.leaseDuration()));
      backoff = MIN_BACKOFF;
      jobs.forEach(this::launch);
      if (jobs.size() < free) {
        wake.await(setup.idleWait());
      }
    }
  }

  private void launch(Job job) {
    busy.incrementAndGet();
    Slot slot = new Slot();
    Attempt attempt = begin(job);
    try {
      Thread.ofVirtual().name(threadName(job)).start(() -> run(attempt, slot));
    } catch (RuntimeException | Error e) {
      ended(attempt); // never started: its lease expires and the orphan reaper requeues it
      slot.free();
      throw e;
    }
  }

  /** A claimed job's attempt, counted and known to this node's running attempts. */
  private Attempt begin(Job job) {
    claimed.incrementAndGet();
    Instant startedAt = setup.clock().instant();
    AttemptEta eta = setup.eta() == null ? AttemptEta.NONE : setup.eta().forAttempt(job, startedAt);
    var attempt =
        new Attempt(
            job, startedAt, new ProgressCoalescer(job.lease(), setup.store(), setup.clock(), eta));
    setup.running().add(attempt);
    return attempt;
  }

  private static String threadName(Job job) {
    return "ujm-job-" + job.id();
  }

  /** Runs the slot's attempts: the first, then each next job its completion claimed. */
  private void run(Attempt first, Slot slot) {
    try {
      for (Attempt attempt = first; attempt != null; attempt = slot.takeNext()) {
        long began = System.nanoTime();
        try {
          switch (setup.runner().run(attempt, slot)) {
            case COMPLETED -> completed.incrementAndGet();
            case FAILED -> failed.incrementAndGet();
            case CANCELLED, LEASE_LOST, NOTHING -> {}
          }
        } finally {
          runTimes.add(System.nanoTime() - began);
          ended(attempt);
        }
      }
    } finally {
      slot.free();
    }
  }

  private void ended(Attempt attempt) {
    attempt.markEnded();
    setup.running().remove(attempt);
  }

  /**
   * One job's place in the pool; freed once: when its handler returns, or else when its thread
   * ends. A completion may claim the slot's next job instead, which then runs in it.
   */
  private final class Slot implements PoolSlot {
    private final AtomicBoolean freed = new AtomicBoolean();
    private Job next; // set and taken on the slot's own thread

    @Override
    public ClaimRequest claimWithCompletion() {
      if (!claimsOnComplete || !claiming || paused || busy.get() > size || freed.get()) {
        return null;
      }
      return ClaimRequest.of(queue, setup.workerId(), 1, setup.leaseDuration());
    }

    @Override
    public void claimed(List<Job> jobs) {
      backoff = MIN_BACKOFF;
      for (Job job : jobs) {
        if (next == null) {
          next = job;
        } else {
          launch(job); // more than the one asked for: each starts in a slot of its own
        }
      }
    }

    /** The next job claimed for this slot as an attempt that runs in it, or null. */
    Attempt takeNext() {
      Job job = next;
      next = null;
      if (job == null) {
        return null;
      }
      Thread.currentThread().setName(threadName(job));
      return begin(job);
    }

    @Override
    public void free() {
      if (freed.compareAndSet(false, true)) {
        busy.decrementAndGet();
        wake.signal();
      }
    }
  }

  /**
   * Counts a failure written on the attempt's behalf by someone else (a timeout the handler
   * ignored).
   */
  void countFailed() {
    failed.incrementAndGet();
  }

  /** A moving mean of run times: each new one weighs a tenth. Thread-safe. */
  private static final class RunTimes {
    private long meanNanos = -1;

    synchronized void add(long nanos) {
      meanNanos = meanNanos < 0 ? nanos : meanNanos + (nanos - meanNanos) / 10;
    }

    synchronized java.time.Duration mean() {
      return meanNanos < 0 ? null : java.time.Duration.ofNanos(meanNanos);
    }
  }
}
