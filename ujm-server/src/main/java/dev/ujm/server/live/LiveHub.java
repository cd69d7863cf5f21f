package dev.ujm.server.live;

import dev.ujm.core.events.EventBus;
import dev.ujm.core.events.EventListener;
import dev.ujm.core.events.JobChange;
import dev.ujm.core.events.Replay;
import dev.ujm.core.events.Subscription;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where the live transports (WebSocket, SSE) meet the engine's {@link EventBus}. Its
 * life:
 *
 * <ol>
 *   <li>{@link #attach} subscribes once to the bus (the transports read nothing else, so a cluster
 *       bus that relays other nodes' changes reaches every client of this node);
 *   <li>each event is rendered to JSON once and coalesced: a job's progress goes out at most once
 *       per {@link ProgressThrottle#MIN_GAP}, the latest value winning, and a state change replaces
 *       any progress still held back;
 *   <li>it is offered to the clients that follow it, found through an index (tenant-wide followers,
 *       followers of an owner's jobs, followers of a job id), so the cost of an event is that of
 *       its readers, not of every connected client; each client checks that its key may read the
 *       event and queues it without waiting;
 *   <li>when the bus reports lost events, every client is told to resync.
 * </ol>
 *
 * Thread-safe.
 */
public final class LiveHub implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);
  private static final int BUS_CAPACITY = 100_000;

  private final Map<String, Set<LiveSink>> byTenant = new ConcurrentHashMap<>();
  private final Map<String, Set<LiveSink>> byOwner = new ConcurrentHashMap<>();
  private final Map<String, Set<LiveSink>> byJob = new ConcurrentHashMap<>();
  private final Set<LiveSink> clients = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.LongAdder droppedClients =
      new java.util.concurrent.atomic.LongAdder();
  private final ProgressThrottle throttle;
  private final ScheduledExecutorService flusher;
  private volatile EventBus bus;
  private Subscription subscription;

  public LiveHub() {
    this(System::nanoTime);
  }

  LiveHub(LongSupplier nanos) {
    this.throttle = new ProgressThrottle(nanos);
    this.flusher =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("ujm-live-progress").daemon(true).factory());
    long period = ProgressThrottle.MIN_GAP.toMillis() / 2;
    flusher.scheduleWithFixedDelay(this::flushDueSafely, period, period, TimeUnit.MILLISECONDS);
  }

  /** Follows this bus from now on (once; a second call with the same bus does nothing). */
  public synchronized void attach(EventBus events) {
    if (bus == events) {
      return;
    }
    if (subscription != null) {
      subscription.close();
    }
    bus = events;
    subscription =
        events.subscribe(
            change -> true,
            new EventListener() {
              @Override
              public void onEvent(JobChange change) {
                dispatch(change);
              }

              @Override
              public void onOverflow(long missed) {
                LOG.warn("the live streams lost {} event(s); clients are told to resync", missed);
                clients.forEach(c -> c.resync("events were lost"));
              }
            },
            BUS_CAPACITY);
  }

  /** The bus followed, for replays; null before {@link #attach}. */
  EventBus bus() {
    return bus;
  }

  /** Adds a client; it receives what its interest names, from now on. */
  void join(LiveSink sink) {
    clients.add(sink);
  }

  /**
   * Re-reads what the client follows after its interest changed: what it follows now is indexed
   * before what it no longer follows is removed, so no event in between is missed.
   */
  void reindex(LiveSink sink) {
    if (!clients.contains(sink)) {
      return;
    }
    Interest interest = sink.interest();
    String tenant = interest.all() ? interest.caller().tenant() : null;
    String owner =
        interest.own() ? ownerKey(interest.caller().tenant(), interest.caller().userId()) : null;
    Set<String> ids = interest.jobIds();
    if (tenant != null) {
      addTo(byTenant, tenant, sink);
    }
    if (owner != null) {
      addTo(byOwner, owner, sink);
    }
    for (String id : ids) {
      addTo(byJob, id, sink);
    }
    removeFrom(byTenant, sink, key -> !key.equals(tenant));
    removeFrom(byOwner, sink, key -> !key.equals(owner));
    removeFrom(byJob, sink, key -> !ids.contains(key));
  }

  /** Removes a client and everything it followed. */
  void leave(LiveSink sink) {
    clients.remove(sink);
    unindex(sink);
  }

  /** Clients connected now. */
  public int clients() {
    return clients.size();
  }

  /** Tells the hub that a client was dropped because it read too slowly, for the metrics. */
  void droppedTooSlow() {
    droppedClients.increment();
  }

  /** Clients dropped so far because they read too slowly (WebSocket 4008, SSE cut off). */
  public long droppedClients() {
    return droppedClients.sum();
  }

  /**
   * The buffered events after {@code seq} that the client wants, coalesced like live ones: every
   * state change, and of a job's progress only the latest after its last state change.
   */
  ReplayResult replay(long seq, Interest interest) {
    EventBus events = bus;
    if (events == null) {
      return new ReplayResult(List.of(), false, 0);
    }
    Replay replay = events.since(seq, change -> true);
    Map<String, Integer> lastProgress = new LinkedHashMap<>();
    List<LiveEvent> wanted = new ArrayList<>();
    for (JobChange change : replay.events()) {
      LiveEvent event = LiveEvent.of(change);
      if (!interest.wants(event)) {
        continue;
      }
      Integer earlier = lastProgress.remove(event.jobId());
      if (earlier != null) {
        wanted.set(earlier, null);
      }
      if (!event.isState()) {
        lastProgress.put(event.jobId(), wanted.size());
      }
      wanted.add(event);
    }
    wanted.removeIf(e -> e == null);
    return new ReplayResult(wanted, replay.complete(), replay.lastSeq());
  }

  /**
   * @param complete false when the buffer no longer holds every event after the number asked for
   */
  record ReplayResult(List<LiveEvent> events, boolean complete, long lastSeq) {}

  private void dispatch(JobChange change) {
    LiveEvent event = LiveEvent.of(change);
    synchronized (throttle) {
      for (LiveEvent ready : throttle.admit(event)) {
        deliver(ready);
      }
    }
  }

  /** Hands over a change as the bus would, on the calling thread (for tests). */
  void deliverForTest(JobChange change) {
    dispatch(change);
  }

  /** Sends the held-back progress that is due; the flusher calls it, tests call it by hand. */
  void flushDue() {
    synchronized (throttle) {
      for (LiveEvent ready : throttle.due()) {
        deliver(ready);
      }
    }
  }

  private void flushDueSafely() {
    try {
      flushDue();
    } catch (RuntimeException e) {
      LOG.warn("could not send held-back progress", e);
    }
  }

  private void deliver(LiveEvent event) {
    // a job of no tenant has no tenant's followers (and the index takes no null key)
    Set<LiveSink> tenant = event.tenantId() == null ? null : byTenant.get(event.tenantId());
    Set<LiveSink> owner = byOwner.get(ownerKey(event.tenantId(), event.ownerId()));
    Set<LiveSink> job = byJob.get(event.jobId());
    int sources = (tenant == null ? 0 : 1) + (owner == null ? 0 : 1) + (job == null ? 0 : 1);
    // a client in more than one index gets the event once
    Set<LiveSink> seen = sources > 1 ? new HashSet<>() : null;
    offerAll(tenant, event, seen);
    offerAll(owner, event, seen);
    offerAll(job, event, seen);
  }

  private static void offerAll(Set<LiveSink> sinks, LiveEvent event, Set<LiveSink> seen) {
    if (sinks == null) {
      return;
    }
    for (LiveSink sink : sinks) {
      if ((seen == null || seen.add(sink)) && sink.interest().mayRead(event)) {
        sink.offer(event);
      }
    }
  }

  private void unindex(LiveSink sink) {
    removeFrom(byTenant, sink, key -> true);
    removeFrom(byOwner, sink, key -> true);
    removeFrom(byJob, sink, key -> true);
  }

  /**
   * Atomic per key with {@link #removeFrom}, so a set emptied by one client is never lost to
   * another.
   */
  private static void addTo(Map<String, Set<LiveSink>> index, String key, LiveSink sink) {
    index.compute(
        key,
        (k, sinks) -> {
          Set<LiveSink> next = sinks == null ? ConcurrentHashMap.newKeySet() : sinks;
          next.add(sink);
          return next;
        });
  }

  private static void removeFrom(
      Map<String, Set<LiveSink>> index, LiveSink sink, java.util.function.Predicate<String> stale) {
    for (Map.Entry<String, Set<LiveSink>> entry : index.entrySet()) {
      String key = entry.getKey();
      if (entry.getValue().contains(sink) && stale.test(key)) {
        index.computeIfPresent(
            key,
            (k, sinks) -> {
              sinks.remove(sink);
              return sinks.isEmpty() ? null : sinks;
            });
      }
    }
  }

  private static String ownerKey(String tenant, String owner) {
    return tenant + '\u0000' + owner;
  }

  /** Stops following the bus and ends every client's stream. */
  @Override
  public synchronized void close() {
    clients.forEach(LiveSink::serverStopping);
    flusher.shutdownNow();
    if (subscription != null) {
      subscription.close();
    }
  }
}
