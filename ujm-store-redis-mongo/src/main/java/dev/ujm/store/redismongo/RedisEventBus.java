package dev.ujm.store.redismongo;

import dev.ujm.core.events.EventBus;
import dev.ujm.core.events.EventListener;
import dev.ujm.core.events.JobChange;
import dev.ujm.core.events.LocalEventBus;
import dev.ujm.core.events.Replay;
import dev.ujm.core.events.Subscription;
import dev.ujm.core.model.JobUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The event bus of several nodes: this node's {@link LocalEventBus}, plus a Redis channel that
 * carries every committed change to every other node, which hands it to its own local bus ({@link
 * LocalEventBus#publishFromPeer}), so its subscribers see every node's jobs in its own sequence.
 *
 * <ol>
 *   <li>{@link #publish} (on the store's writing thread, after MongoDB acknowledged the write)
 *       hands the change to the local bus and to the relay's queue; it never waits on Redis.
 *   <li>The relay thread takes what has gathered (up to 500 changes) and publishes it as one
 *       message, so the channel costs one Redis command per batch, not per job.
 *   <li>A message from another node is handed to the local bus; its own messages come back to it
 *       and are skipped by their origin id.
 * </ol>
 *
 * A change published while Redis is down is lost to the other nodes (counted in {@link
 * #relayFailures}); they still see the job in MongoDB, and their waiters and workers re-read it.
 * Thread-safe.
 */
final class RedisEventBus implements EventBus {
  private static final int BATCH = 500;
  private static final int QUEUE_CAPACITY = 1 << 16;

  /** One message on the channel: the changes of one node, in commit order. */
  record PeerBatch(String origin, List<JobChange> changes) {}

  private final LocalEventBus local = new LocalEventBus();
  private final RedisChannels channels;
  private final String channel;
  private final String origin = UUID.randomUUID().toString();
  private final BlockingQueue<JobChange> outbound = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
  private final AtomicLong relayFailures = new AtomicLong();
  private final Thread relay;
  private volatile boolean closed;

  RedisEventBus(RedisChannels channels) {
    this.channels = channels;
    this.channel = channels.channel("events");
    channels.subscribe(channel, this::received);
    this.relay = Thread.ofPlatform().name("ujm-event-relay").daemon(true).start(this::relayLoop);
  }

  @Override
  public void publish(JobUpdate update) {
    local.publish(update);
    if (!closed && !outbound.offer(JobChange.of(update))) {
      relayFailures.incrementAndGet();
    }
  }

  @Override
  public Subscription subscribe(Predicate<JobChange> filter, EventListener listener, int capacity) {
    return local.subscribe(filter, listener, capacity);
  }

  @Override
  public Replay since(long seq, Predicate<JobChange> filter) {
    return local.since(seq, filter);
  }

  @Override
  public long lastSeq() {
    return local.lastSeq();
  }

  @Override
  public Stats stats() {
    return local.stats();
  }

  /** Changes that did not reach the other nodes (Redis down, or the relay queue full). */
  long relayFailures() {
    return relayFailures.get();
  }

  @Override
  public void close() {
    closed = true;
    relay.interrupt();
    local.close();
  }

  private void received(String message) {
    PeerBatch batch = JobDocuments.read(message, PeerBatch.class);
    if (!origin.equals(batch.origin())) {
      batch.changes().forEach(local::publishFromPeer);
    }
  }

  private void relayLoop() {
    List<JobChange> batch = new ArrayList<>(BATCH);
    while (!closed) {
      try {
        JobChange first = outbound.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        outbound.drainTo(batch, BATCH - 1);
        if (!channels.publish(channel, JobDocuments.write(new PeerBatch(origin, batch)))) {
          relayFailures.addAndGet(batch.size());
        }
        batch.clear();
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
