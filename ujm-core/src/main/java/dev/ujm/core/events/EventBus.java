package dev.ujm.core.events;

import dev.ujm.core.model.JobUpdate;
import java.util.function.Predicate;

/**
 * Carries every committed change of a job to whoever follows it: this node's workers (to wake a
 * pool or stop a cancelled attempt), long-polls, the WebSocket and SSE streams. A store hands over
 * its committed updates with {@link #publish}; the bus numbers them ({@link JobChange#seq}) and
 * delivers them asynchronously, each subscription through a bounded queue of its own, so a slow or
 * stuck subscriber never slows the store's writer nor any other subscriber: it loses events
 * instead, and is told so ({@link EventListener#onOverflow}). A bounded buffer of the latest events
 * answers {@link #since}, so a reader that reconnects (SSE {@code Last-Event-ID}) or a long-poll
 * that starts late misses nothing that is still buffered.
 *
 * <p>{@link LocalEventBus} delivers the changes of this process. A bus for several nodes (Redis
 * pub/sub) relays each local change to its peers and delivers theirs through the same local
 * machinery ({@link LocalEventBus#publishFromPeer}); sequence numbers are per node.
 *
 * <p>Implementations are thread-safe.
 */
public interface EventBus extends AutoCloseable {

  /**
   * Hands over a committed change. Returns at once without waiting for any subscriber; never
   * throws. Called on the store's committing thread, in commit order.
   */
  void publish(JobUpdate update);

  /**
   * Delivers to {@code listener}, in sequence order, every later event that {@code filter} accepts.
   * The filter runs on the bus's dispatching thread: it must be quick and must not throw.
   *
   * @param capacity how many events may wait for this listener before further ones are dropped
   */
  Subscription subscribe(Predicate<JobChange> filter, EventListener listener, int capacity);

  /** {@link #subscribe(Predicate, EventListener, int)} with {@link #DEFAULT_CAPACITY}. */
  default Subscription subscribe(Predicate<JobChange> filter, EventListener listener) {
    return subscribe(filter, listener, DEFAULT_CAPACITY);
  }

  /** The buffered events after {@code seq} that {@code filter} accepts. */
  Replay since(long seq, Predicate<JobChange> filter);

  /** The sequence number of the last event numbered so far (0 before the first). */
  long lastSeq();

  /** Counters, for metrics: published, dropped at the door, live subscriptions. */
  Stats stats();

  /** Stops delivering; later publishes are ignored. Idempotent. */
  @Override
  void close();

  /** Events a subscription may have waiting unless it asks for another bound. */
  int DEFAULT_CAPACITY = 10_000;

  /**
   * @param published events numbered so far
   * @param droppedAtDoor changes refused because the bus's own inbound queue was full
   * @param subscriptions live subscriptions
   * @param droppedBySubscribers events lost by slow subscriptions, over all of them so far
   */
  record Stats(long published, long droppedAtDoor, int subscriptions, long droppedBySubscribers) {}
}
