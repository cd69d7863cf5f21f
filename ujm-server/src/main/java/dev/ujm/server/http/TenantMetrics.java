package dev.ujm.server.http;

import dev.ujm.core.events.EventBus;
import dev.ujm.core.events.JobChange;
import dev.ujm.core.events.Subscription;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.Transition;
import dev.ujm.server.engine.Backend;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code /metrics} shows of the fair order across tenants, from the event bus (so on a cluster
 * bus, every node's claims):
 *
 * <ol>
 *   <li>{@code ujm_tenant_claimed_cost_total{tenant}}: cost units claimed, the quantity the fair
 *       order shares out;
 *   <li>{@code ujm_tenant_share{tenant}}: each tenant's part of the cost units claimed in the last
 *       minute, 0 to 1;
 *   <li>{@code ujm_tenant_queue_wait_seconds{tenant}}: how long claimed jobs waited in {@code
 *       queued}, from the event that queued them to their claim (jobs queued before this server
 *       started, or beyond {@value #MAX_WATCHED} waiting at once, are not timed);
 *   <li>{@code ujm_tenant_labels}: the tenant labels in use.
 * </ol>
 *
 * The {@code tenant} label has at most {@value #MAX_TENANTS} + 1 values: the first {@value
 * #MAX_TENANTS} tenants seen (jobs without a tenant count as {@value #NONE}) get one each, every
 * later one is counted under {@value #OTHER}. Thread-safe.
 */
public final class TenantMetrics implements MeterBinder {
  /** Tenants that get a label of their own; the rest share {@link #OTHER}. */
  static final int MAX_TENANTS = 100;

  /** The label of the tenants beyond {@link #MAX_TENANTS}. */
  static final String OTHER = "(other)";

  /** The label of jobs without a tenant. */
  static final String NONE = "(none)";

  /** Queued jobs whose entry time is remembered at once, to bound memory. */
  static final int MAX_WATCHED = 100_000;

  /** The span {@code ujm_tenant_share} looks back over. */
  static final Duration SHARE_WINDOW = Duration.ofMinutes(1);

  private static final int SLICES = 6;
  private static final long SLICE_SECONDS = SHARE_WINDOW.toSeconds() / SLICES;

  private final Backend backend;
  private final InstantSource clock;
  private final Map<String, Meters> byLabel = new ConcurrentHashMap<>();
  private final Map<String, Instant> queuedSince = new ConcurrentHashMap<>();
  private volatile MeterRegistry registry;
  private EventBus bus;
  private Subscription subscription;

  /** The meters of one tenant label, and its cost units per slice of the share window. */
  private record Meters(Counter cost, Timer queueWait, double[] slices, long[] sliceAt) {}

  public TenantMetrics(Backend backend, InstantSource clock) {
    this.backend = backend;
    this.clock = clock;
  }

  /**
   * Registers {@code ujm_tenant_labels}, the tenant labels in use (at most {@value #MAX_TENANTS} +
   * 1). Reading it at each scrape also follows the backend's bus again after the backend came back
   * with a new one.
   */
  @Override
  public void bindTo(MeterRegistry meters) {
    this.registry = meters;
    Gauge.builder(
            "ujm.tenant.labels",
            () -> {
              attach();
              return byLabel.size();
            })
        .description("Tenant label values in use by the per-tenant metrics")
        .register(meters);
  }

  /** Follows the backend's bus from now on, if the backend is up (once per bus). */
  public synchronized void attach() {
    if (!backend.isUp()) {
      return;
    }
    EventBus events = backend.engine().events();
    if (bus == events) {
      return;
    }
    if (subscription != null) {
      subscription.close();
    }
    bus = events;
    queuedSince.clear();
    subscription = events.subscribe(TenantMetrics::entersOrLeavesQueued, this::count, 100_000);
  }

  private static boolean entersOrLeavesQueued(JobChange change) {
    return change.isStateChange()
        && (change.state() == JobState.QUEUED || change.from() == JobState.QUEUED);
  }

  void count(JobChange change) {
    if (change.state() == JobState.QUEUED) {
      if (queuedSince.size() < MAX_WATCHED) {
        queuedSince.put(change.jobId(), change.at());
      }
      return;
    }
    Instant since = queuedSince.remove(change.jobId());
    if (change.transition() != Transition.CLAIM || registry == null) {
      return;
    }
    Meters meters = metersOf(change.tenantId());
    meters.cost().increment(change.cost());
    if (since != null) {
      meters.queueWait().record(Duration.between(since, change.at()));
    }
    synchronized (meters) {
      int slice = slot(change.at());
      long at = change.at().getEpochSecond() / SLICE_SECONDS;
      if (meters.sliceAt()[slice] != at) {
        meters.sliceAt()[slice] = at;
        meters.slices()[slice] = 0;
      }
      meters.slices()[slice] += change.cost();
    }
  }

  private Meters metersOf(String tenantId) {
    String label = tenantId == null ? NONE : tenantId;
    Meters meters = byLabel.get(label);
    if (meters != null) {
      return meters;
    }
    synchronized (byLabel) {
      int own = byLabel.size() - (byLabel.containsKey(OTHER) ? 1 : 0);
      if (!byLabel.containsKey(label) && own >= MAX_TENANTS) {
        label = OTHER;
      }
      return byLabel.computeIfAbsent(label, this::register);
    }
  }

  private Meters register(String label) {
    Meters meters =
        new Meters(
            Counter.builder("ujm.tenant.claimed.cost")
                .description("Cost units of the jobs claimed, per tenant")
                .tag("tenant", label)
                .register(registry),
            Timer.builder("ujm.tenant.queue.wait")
                .description("Time claimed jobs spent queued, per tenant")
                .tag("tenant", label)
                .register(registry),
            new double[SLICES],
            new long[SLICES]);
    Gauge.builder("ujm.tenant.share", () -> share(meters))
        .description("Part of the cost units claimed in the last minute, per tenant")
        .tag("tenant", label)
        .register(registry);
    return meters;
  }

  /** This tenant's cost units in the window over everyone's. */
  private double share(Meters of) {
    double total = 0;
    double mine = 0;
    for (Meters meters : byLabel.values()) {
      double recent = recentCost(meters);
      total += recent;
      if (meters == of) {
        mine = recent;
      }
    }
    return total == 0 ? 0 : mine / total;
  }

  private double recentCost(Meters meters) {
    long now = clock.instant().getEpochSecond() / SLICE_SECONDS;
    double sum = 0;
    synchronized (meters) {
      for (int i = 0; i < SLICES; i++) {
        if (now - meters.sliceAt()[i] < SLICES) {
          sum += meters.slices()[i];
        }
      }
    }
    return sum;
  }

  private static int slot(Instant at) {
    return (int) Math.floorMod(at.getEpochSecond() / SLICE_SECONDS, (long) SLICES);
  }
}
