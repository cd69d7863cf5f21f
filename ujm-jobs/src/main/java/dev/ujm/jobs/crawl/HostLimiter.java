package dev.ujm.jobs.crawl;

import dev.ujm.core.cluster.HostPoliteness;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Politeness towards each host, shared by every crawl job of a node: the in-process {@link
 * HostPoliteness}, used unless the backend shares one between nodes. A request to a host may start
 * only when fewer than {@link Policy#maxConnections()} requests to it are in flight and at least
 * {@link Policy#delay()} has passed since the last request to it started or finished. With one
 * connection that is "crawl-delay between the end of one request and the start of the next", the
 * reading of robots.txt crawl-delay that is safest for the site.
 *
 * <p>Waiters of one host are served in arrival order, so fifty jobs on one host take turns. A
 * waiting caller gives up within {@link #POLL} when its cancellation check turns true. Time is a
 * monotonic nanosecond source (injected for tests), not the wall clock: this class must really
 * wait. Hosts idle for {@link #IDLE_EVICTION} are forgotten. Thread-safe.
 */
public final class HostLimiter implements HostPoliteness {
  /** How often a waiter looks at its cancellation check. */
  static final Duration POLL = Duration.ofMillis(50);

  /** A host with nothing in flight or waiting for this long is forgotten. */
  static final Duration IDLE_EVICTION = Duration.ofMinutes(10);

  private static final int EVICTION_THRESHOLD = 1_024;

  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Host> hosts = new ConcurrentHashMap<>();

  public HostLimiter() {
    this(System::nanoTime);
  }

  /** A limiter on a given monotonic nanosecond source. */
  public HostLimiter(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** Waits for this host's turn under the policy, in arrival order among this node's callers. */
  @Override
  public Permit acquire(String host, Policy policy, BooleanSupplier cancelled)
      throws InterruptedException {
    while (true) {
      Host h = hosts.computeIfAbsent(host, k -> new Host());
      Optional<Permit> permit = h.await(policy, cancelled);
      if (permit.isPresent()) {
        evictIdleIfMany();
        return permit.get();
      }
      // the host entry was evicted between lookup and lock: look it up again
    }
  }

  /** Takes the host's turn only if it is free now and nobody is waiting for it. */
  public Optional<Permit> tryAcquire(String host, Policy policy) {
    Host h = hosts.computeIfAbsent(host, k -> new Host());
    return h.tryNow(policy);
  }

  /** Hosts currently remembered (for tests and metrics). */
  int trackedHosts() {
    return hosts.size();
  }

  private void evictIdleIfMany() {
    if (hosts.size() < EVICTION_THRESHOLD) {
      return;
    }
    long now = nanoTime.getAsLong();
    hosts.forEach(
        (name, h) -> {
          if (h.retireIfIdle(now)) {
            hosts.remove(name, h);
          }
        });
  }

  /** One host's turn-taking. All fields are guarded by {@code lock}. */
  private final class Host {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Object> waiters = new ArrayDeque<>();
    private int inFlight;
    private long lastEventNanos;
    private boolean everUsed;
    private boolean retired;

    Optional<Permit> await(Policy policy, BooleanSupplier cancelled) throws InterruptedException {
      lock.lockInterruptibly();
      try {
        if (retired) {
          return Optional.empty();
        }
        Object ticket = new Object();
        waiters.addLast(ticket);
        try {
          while (true) {
            if (cancelled.getAsBoolean()) {
              throw new CancellationException("cancelled while waiting for host");
            }
            long wait = waiters.peekFirst() == ticket ? nanosUntilFree(policy) : POLL.toNanos();
            if (wait <= 0) {
              waiters.removeFirst();
              changed.signalAll();
              return Optional.of(start());
            }
            changed.awaitNanos(Math.min(wait, POLL.toNanos()));
          }
        } finally {
          if (waiters.remove(ticket)) {
            changed.signalAll();
          }
        }
      } finally {
        lock.unlock();
      }
    }

    Optional<Permit> tryNow(Policy policy) {
      lock.lock();
      try {
        if (retired || !waiters.isEmpty() || nanosUntilFree(policy) > 0) {
          return Optional.empty();
        }
        return Optional.of(start());
      } finally {
        lock.unlock();
      }
    }

    boolean retireIfIdle(long now) {
      lock.lock();
      try {
        if (inFlight == 0 && waiters.isEmpty() && now - lastEventNanos > IDLE_EVICTION.toNanos()) {
          retired = true;
        }
        return retired;
      } finally {
        lock.unlock();
      }
    }

    private long nanosUntilFree(Policy policy) {
      if (inFlight >= policy.maxConnections()) {
        return POLL.toNanos();
      }
      if (!everUsed) {
        return 0;
      }
      return lastEventNanos + policy.delay().toNanos() - nanoTime.getAsLong();
    }

    private Permit start() {
      inFlight++;
      everUsed = true;
      lastEventNanos = nanoTime.getAsLong();
      return new Permit() {
        private boolean closed;

        @Override
        public void close() {
          lock.lock();
          try {
            if (!closed) {
              closed = true;
              inFlight--;
              lastEventNanos = nanoTime.getAsLong();
              changed.signalAll();
            }
          } finally {
            lock.unlock();
          }
        }
      };
    }
  }
}
