package dev.ujm.server.live;

import dev.ujm.api.MonitorResponse;
import dev.ujm.core.events.EventBus;
import dev.ujm.core.events.JobChange;
import dev.ujm.core.events.Subscription;
import dev.ujm.core.model.JobState;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts finished attempts per tenant and minute over the last hour, from the event bus (so on a
 * cluster bus, every node's): completions, and failures whether retried or dead-lettered. What the
 * admin monitor draws as throughput and failure rate. Counts start when the server starts.
 * Thread-safe.
 */
public final class ThroughputMeter implements AutoCloseable {
  static final int BUCKETS = 60;
  static final Duration BUCKET = Duration.ofMinutes(1);

  private final InstantSource clock;
  private final Map<String, Counts> tenants = new ConcurrentHashMap<>();
  private volatile EventBus bus;
  private Subscription subscription;

  public ThroughputMeter(InstantSource clock) {
    this.clock = clock;
  }

  /** Counts this bus's events from now on (once per bus). */
  public synchronized void attach(EventBus events) {
    if (bus == events) {
      return;
    }
    if (subscription != null) {
      subscription.close();
    }
    bus = events;
    subscription = events.subscribe(ThroughputMeter::finishesAttempt, this::count, 100_000);
  }

  private static boolean finishesAttempt(JobChange change) {
    return change.isStateChange()
        && change.from() == JobState.PROCESSING
        && (change.state() == JobState.COMPLETED
            || change.state() == JobState.FAILED
            || change.state() == JobState.SCHEDULED);
  }

  void count(JobChange change) {
    long minute = change.at().getEpochSecond() / BUCKET.toSeconds();
    Counts counts = tenants.computeIfAbsent(change.tenantId(), t -> new Counts());
    counts.add(minute, change.state() == JobState.COMPLETED);
  }

  /** The last hour of one tenant, oldest minute first, the current one last. */
  public MonitorResponse.Throughput lastHour(String tenantId) {
    long now = clock.instant().getEpochSecond() / BUCKET.toSeconds();
    long first = now - BUCKETS + 1;
    Counts counts = tenants.get(tenantId);
    List<MonitorResponse.Bucket> buckets = new ArrayList<>(BUCKETS);
    for (long minute = first; minute <= now; minute++) {
      long[] pair = counts == null ? new long[2] : counts.at(minute);
      buckets.add(
          new MonitorResponse.Bucket(
              Instant.ofEpochSecond(minute * BUCKET.toSeconds()), pair[0], pair[1]));
    }
    return new MonitorResponse.Throughput(
        Instant.ofEpochSecond(first * BUCKET.toSeconds()), (int) BUCKET.toSeconds(), buckets);
  }

  @Override
  public synchronized void close() {
    if (subscription != null) {
      subscription.close();
    }
  }

  /** A ring of per-minute counts: completed and failed. */
  private static final class Counts {
    private final long[] minutes = new long[BUCKETS];
    private final long[] completed = new long[BUCKETS];
    private final long[] failed = new long[BUCKETS];

    synchronized void add(long minute, boolean done) {
      int slot = (int) Math.floorMod(minute, (long) BUCKETS);
      if (minutes[slot] != minute) {
        minutes[slot] = minute;
        completed[slot] = 0;
        failed[slot] = 0;
      }
      if (done) {
        completed[slot]++;
      } else {
        failed[slot]++;
      }
    }

    synchronized long[] at(long minute) {
      int slot = (int) Math.floorMod(minute, (long) BUCKETS);
      return minutes[slot] == minute ? new long[] {completed[slot], failed[slot]} : new long[2];
    }
  }
}
