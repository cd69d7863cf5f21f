package dev.ujm.core.events;

import dev.ujm.core.model.JobUpdate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process {@link EventBus}. Its life:
 *
 * <ol>
 *   <li>{@link #publish} turns a store's update into a {@link JobChange} and offers it to a bounded
 *       inbound queue, never waiting: the store's writer pays one queue insertion per change (when
 *       the queue is full the change is counted as dropped and every subscriber is told);
 *   <li>one dispatching thread takes the changes in batches, numbers them, appends them to the
 *       replay buffer (the latest {@code replayCapacity} events) and hands the batch to every
 *       subscription, which queues the events its filter accepts, all at once: its thread is woken
 *       once per batch, not once per event;
 *   <li>each subscription has a bounded queue and a virtual thread of its own that takes all the
 *       events queued and hands them to its listener one at a time; a full queue drops the event
 *       for that subscription alone and tells its listener before the next delivery;
 *   <li>{@link #close()} stops the dispatcher and every subscription.
 * </ol>
 *
 * Thread-safe.
 */
public final class LocalEventBus implements EventBus {
  private static final Logger LOG = LoggerFactory.getLogger(LocalEventBus.class);

  /** Changes waiting to be numbered, at most; far above what the dispatcher lets pile up. */
  public static final int DEFAULT_INBOUND_CAPACITY = 1 << 18;

  /** Events kept for {@link #since}. */
  public static final int DEFAULT_REPLAY_CAPACITY = 1 << 16;

  private static final int BATCH = 4096;
  private static final long POLL_MILLIS = 100;

  private final BlockingQueue<JobChange> inbound;
  private final ReplayBuffer replay;
  private final List<LocalSubscription> subscriptions = new CopyOnWriteArrayList<>();
  private final AtomicLong droppedAtDoor = new AtomicLong();
  private final AtomicLong droppedBySubscribers = new AtomicLong();
  private final Thread dispatcher;
  private volatile long lastSeq;
  private volatile boolean closed;
  private long doorDropsAnnounced;

  public LocalEventBus() {
    this(DEFAULT_INBOUND_CAPACITY, DEFAULT_REPLAY_CAPACITY);
  }

  /**
   * @param inboundCapacity changes that may wait to be numbered before further ones are dropped
   * @param replayCapacity events kept for {@link #since}
   */
  public LocalEventBus(int inboundCapacity, int replayCapacity) {
    if (inboundCapacity < 1 || replayCapacity < 1) {
      throw new IllegalArgumentException("capacities must be positive");
    }
    this.inbound = new LinkedBlockingQueue<>(inboundCapacity);
    this.replay = new ReplayBuffer(replayCapacity);
    this.dispatcher = Thread.ofPlatform().name("ujm-events").daemon(true).unstarted(this::loop);
    dispatcher.start();
  }

  @Override
  public void publish(JobUpdate update) {
    if (!closed) {
      offer(JobChange.of(update));
    }
  }

  /**
   * Delivers a change committed on another node (relayed by a cluster bus) like a local one: it is
   * numbered in this node's sequence. Never blocks.
   */
  public void publishFromPeer(JobChange change) {
    if (!closed) {
      offer(Objects.requireNonNull(change));
    }
  }

  private void offer(JobChange change) {
    if (!inbound.offer(change)) {
      droppedAtDoor.incrementAndGet();
    }
  }

  @Override
  public Subscription subscribe(Predicate<JobChange> filter, EventListener listener, int capacity) {
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(listener, "listener");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    LocalSubscription subscription = new LocalSubscription(filter, listener, capacity);
    if (closed) {
      subscription.close();
      return subscription;
    }
    subscriptions.add(subscription);
    subscription.start();
    return subscription;
  }

  @Override
  public Replay since(long seq, Predicate<JobChange> filter) {
    synchronized (replay) {
      long last = replay.lastSeq();
      boolean complete = seq >= last || replay.firstSeq() <= seq + 1;
      return new Replay(replay.after(seq, filter), complete, last);
    }
  }

  @Override
  public long lastSeq() {
    return lastSeq;
  }

  @Override
  public Stats stats() {
    return new Stats(
        lastSeq, droppedAtDoor.get(), subscriptions.size(), droppedBySubscribers.get());
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    dispatcher.interrupt();
    subscriptions.forEach(LocalSubscription::close);
  }

  private void loop() {
    List<JobChange> batch = new ArrayList<>(BATCH);
    try {
      while (!closed) {
        JobChange first = inbound.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        inbound.drainTo(batch, BATCH - 1);
        dispatch(batch);
        batch.clear();
      }
    } catch (InterruptedException e) {
      // closing
    } catch (RuntimeException | Error e) {
      LOG.error("the event dispatcher failed; live events stop until a restart", e);
    }
  }

  private void dispatch(List<JobChange> batch) {
    long doorDrops = droppedAtDoor.get();
    if (doorDrops > doorDropsAnnounced) {
      long missed = doorDrops - doorDropsAnnounced;
      doorDropsAnnounced = doorDrops;
      LOG.warn("the event bus dropped {} change(s) at its door; subscribers are told", missed);
      subscriptions.forEach(s -> s.missed(missed));
    }
    List<JobChange> numbered = new ArrayList<>(batch.size());
    synchronized (replay) {
      long seq = lastSeq;
      for (JobChange change : batch) {
        JobChange event = change.numbered(++seq);
        numbered.add(event);
        replay.add(event);
      }
      lastSeq = seq;
    }
    for (LocalSubscription subscription : subscriptions) {
      subscription.offer(numbered);
    }
  }

  /** One listener's bounded queue and delivering thread. */
  private final class LocalSubscription implements Subscription {
    private final Predicate<JobChange> filter;
    private final EventListener listener;
    private final int capacity;
    private final ArrayDeque<JobChange> queue = new ArrayDeque<>();

    /** Events queued or taken and not yet handed to the listener: what the capacity bounds. */
    private final AtomicInteger pending = new AtomicInteger();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();
    private final AtomicLong missed = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean open = true;
    private Thread thread;

    LocalSubscription(Predicate<JobChange> filter, EventListener listener, int capacity) {
      this.filter = filter;
      this.listener = listener;
      this.capacity = capacity;
    }

    void start() {
      thread = Thread.ofVirtual().name("ujm-events-subscriber").start(this::deliver);
    }

    /**
     * On the dispatcher: queues the events of a batch that the filter wants, dropping (and
     * remembering) those that find the queue full, and wakes the delivering thread once.
     */
    void offer(List<JobChange> events) {
      List<JobChange> wanted = new ArrayList<>(events.size());
      for (JobChange event : events) {
        if (wants(event)) {
          wanted.add(event);
        }
      }
      if (wanted.isEmpty()) {
        return;
      }
      int lost = 0;
      lock.lock();
      try {
        for (JobChange event : wanted) {
          if (pending.get() < capacity) {
            queue.addLast(event);
            pending.incrementAndGet();
          } else {
            lost++;
          }
        }
        queued.signal();
      } finally {
        lock.unlock();
      }
      if (lost > 0) {
        missed(lost);
        dropped.addAndGet(lost);
        droppedBySubscribers.addAndGet(lost);
      }
    }

    private boolean wants(JobChange event) {
      try {
        return open && filter.test(event);
      } catch (RuntimeException e) {
        LOG.warn("an event filter failed on job {}; the event is skipped", event.jobId(), e);
        return false;
      }
    }

    void missed(long count) {
      missed.addAndGet(count);
    }

    private void deliver() {
      List<JobChange> taken = new ArrayList<>();
      try {
        while (open) {
          takeAll(taken);
          for (JobChange event : taken) {
            if (!open) {
              return;
            }
            long lost = missed.getAndSet(0);
            try {
              if (lost > 0) {
                listener.onOverflow(lost);
              }
              listener.onEvent(event);
              delivered.incrementAndGet();
            } catch (RuntimeException e) {
              LOG.warn("an event listener failed on job {}", event.jobId(), e);
            } finally {
              pending.decrementAndGet();
            }
          }
          taken.clear();
        }
      } catch (InterruptedException e) {
        // closed
      }
    }

    /** Waits for at least one queued event, then moves every queued event into {@code into}. */
    private void takeAll(List<JobChange> into) throws InterruptedException {
      lock.lockInterruptibly();
      try {
        while (queue.isEmpty()) {
          queued.await();
        }
        into.addAll(queue);
        queue.clear();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public long delivered() {
      return delivered.get();
    }

    @Override
    public long dropped() {
      return dropped.get();
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() {
      if (!open) {
        return;
      }
      open = false;
      subscriptions.remove(this);
      lock.lock();
      try {
        queue.clear();
      } finally {
        lock.unlock();
      }
      if (thread != null) {
        thread.interrupt();
      }
    }
  }
}
