package dev.ujm.server.alert;

import dev.ujm.core.events.EventBus;
import dev.ujm.core.events.EventListener;
import dev.ujm.core.events.JobChange;
import dev.ujm.core.events.Subscription;
import dev.ujm.core.model.JobState;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the jobs that ended lately, per second, from the event bus: completed and failed per type,
 * dead-lettered per queue. On a shared bus every node sees every node's changes, so the counts are
 * the cluster's. Seconds older than the longest window asked for are forgotten. A bus that drops
 * events under overload makes the counts low, never high. Thread-safe.
 */
public final class OutcomeWindow implements AutoCloseable {
  private final InstantSource clock;
  private final Duration keep;
  private final ConcurrentSkipListMap<Long, Map<String, LongAdder>> bySecond =
      new ConcurrentSkipListMap<>();
  private Subscription subscription;

  /**
   * @param keep the longest window any rule asks for
   */
  public OutcomeWindow(InstantSource clock, Duration keep) {
    this.clock = clock;
    this.keep = keep;
  }

  /** Follows the bus; once. */
  public synchronized void attach(EventBus bus) {
    if (subscription == null || !subscription.isOpen()) {
      subscription =
          bus.subscribe(
              change -> change.isStateChange() && change.state().isFinal(),
              (EventListener) this::record);
    }
  }

  /** Counts one change (the bus's listener calls it; so may tests). */
  void record(JobChange change) {
    String key =
        change.state() == JobState.COMPLETED
            ? "completed:" + change.type()
            : change.state() == JobState.FAILED ? "failed:" + change.type() : null;
    if (key == null) {
      return;
    }
    Map<String, LongAdder> second =
        bySecond.computeIfAbsent(change.at().getEpochSecond(), s -> new ConcurrentHashMap<>());
    second.computeIfAbsent(key, k -> new LongAdder()).increment();
    if (change.state() == JobState.FAILED) {
      second.computeIfAbsent("dead:" + change.queue(), k -> new LongAdder()).increment();
    }
    bySecond.headMap(clock.instant().minus(keep).getEpochSecond()).clear();
  }

  /** Jobs of the type that completed in the last {@code window}. */
  public long completed(String type, Duration window) {
    return sum("completed:" + type, window);
  }

  /** Jobs of the type that ended failed in the last {@code window}. */
  public long failed(String type, Duration window) {
    return sum("failed:" + type, window);
  }

  /** Jobs of the queue that went to the dead-letter queue in the last {@code window}. */
  public long deadLettered(String queue, Duration window) {
    return sum("dead:" + queue, window);
  }

  private long sum(String key, Duration window) {
    long from = clock.instant().minus(window).getEpochSecond();
    long total = 0;
    for (Map<String, LongAdder> second : bySecond.tailMap(from, false).values()) {
      LongAdder n = second.get(key);
      total += n == null ? 0 : n.sum();
    }
    return total;
  }

  @Override
  public synchronized void close() {
    if (subscription != null) {
      subscription.close();
    }
  }
}
