package dev.ujm.core.cluster;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where operators' decisions about queues (pause, pool size, autoscaling range) are kept, so that
 * every node serving a queue applies them. Each node's workers read them at start and at every
 * heartbeat, and apply a change at once when {@link #onChange} tells them; so a change reaches
 * every node within one heartbeat, and this node within milliseconds.
 *
 * <p>The embedded store has one node: {@link LocalQueueControls} keeps the decisions in memory and,
 * given a file, in the data directory so that they survive a restart. A distributed store keeps
 * them where every node reads them (a Redis hash, a MongoDB collection) and calls the listeners
 * when a peer's change arrives (pub/sub), or leaves that to the heartbeat. Thread-safe.
 */
public interface QueueControls {

  /** The decision for one queue, if any was made. */
  Optional<QueueControl> get(String queue);

  /** Every queue with a decision, by queue name. */
  List<QueueControl> all();

  /**
   * Applies a change atomically (a concurrent change of another field is kept) and returns the
   * queue's control after it.
   *
   * @param by who asks (an API key id), for the record
   */
  QueueControl update(String queue, QueueControlUpdate update, String by);

  /**
   * Calls {@code listener} with every control changed from now on (on the changing thread, or the
   * thread that received a peer's change); it must be quick and must not throw.
   */
  void onChange(Consumer<QueueControl> listener);
}
