package dev.ujm.server.http;

import dev.ujm.core.events.EventBus;
import dev.ujm.core.handler.WorkSpans;
import dev.ujm.core.worker.WorkerSnapshot;
import dev.ujm.server.engine.Backend;
import dev.ujm.server.engine.Instrumentation;
import dev.ujm.server.metrics.AttemptMetrics;
import dev.ujm.server.metrics.Buckets;
import dev.ujm.server.metrics.BuildInfo;
import dev.ujm.server.metrics.CommitMetrics;
import dev.ujm.server.metrics.JobMoveMetrics;
import dev.ujm.server.metrics.QueueSampler;
import io.javalin.http.Context;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The Prometheus metrics of {@code GET /metrics} ({@code docs/metrics.md} lists them all): job
 * counters and duration histograms kept as moves commit ({@link JobMoveMetrics}, {@link
 * AttemptMetrics}), store commits ({@link CommitMetrics}), queue depths sampled on a timer ({@link
 * QueueSampler}), this node's pools read from memory at each scrape, the event bus and live
 * streams, request durations per route and status, the build, and the JVM's memory, threads and
 * CPU. No scrape reads the store. Every label has a bounded set of values: routes are path
 * templates, and queues are capped. Thread-safe.
 */
public final class ServerMetrics implements AutoCloseable {
  /**
   * Attribute set by the route wrapper: the route's path template, so metrics do not explode with
   * job ids.
   */
  public static final String ROUTE = "ujm.route";

  private final PrometheusMeterRegistry registry = newRegistry();
  private final java.util.List<AutoCloseable> bound =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final JobMoveMetrics moves = new JobMoveMetrics(registry);
  private final AttemptMetrics attempts = new AttemptMetrics(registry);
  private final CommitMetrics commits = new CommitMetrics(registry);
  private final MultiGauge busyWorkers;
  private final MultiGauge pausedPools;
  private final MultiGauge poolSizes;
  private volatile Backend backend;
  private volatile QueueSampler sampler;

  /**
   * The registry and the observers of the engine; the meters that read the backend come with {@link
   * #start(Backend)}.
   */
  public ServerMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    this.busyWorkers =
        MultiGauge.builder("ujm.workers.busy")
            .description("Attempts running now per queue on this node")
            .register(registry);
    this.pausedPools =
        MultiGauge.builder("ujm.queue.paused")
            .description("1 while claims from the queue are paused on this node")
            .register(registry);
    this.poolSizes =
        MultiGauge.builder("ujm.workers.size")
            .description(
                "Slots of each queue's pool on this node (changes when resized or autoscaled)")
            .register(registry);
    Gauge.builder("ujm.build.info", () -> 1)
        .description("Always 1; the version label names the running build")
        .tag("version", BuildInfo.version())
        .register(registry);
  }

  /**
   * Adds the meters that read the backend (readiness, the event bus, the sampled queue counts) and
   * starts the queue sampler's timer.
   */
  public ServerMetrics start(Backend value) {
    this.backend = value;
    this.sampler = new QueueSampler(value, registry).start();
    Gauge.builder("ujm.store.ready", value, b -> b.readiness().ready() ? 1 : 0)
        .description(
            "1 while the job store answers reads and takes writes (what /ready reports), else 0")
        .register(registry);
    busCounter(
        "ujm.events.published",
        "Job changes numbered by this node's event bus",
        s -> s.published());
    busCounter(
        "ujm.events.dropped",
        "Job changes the event bus or its subscribers lost because a reader fell behind",
        s -> s.droppedAtDoor() + s.droppedBySubscribers());
    Gauge.builder("ujm.events.subscribers", this, m -> m.busStat(s -> s.subscriptions()))
        .description("Subscriptions to this node's event bus now (workers, waits, live hub)")
        .register(registry);
    return this;
  }

  /**
   * A registry that leaves out two of Micrometer's processor meters, which break Prometheus naming
   * ({@code process_cpu_time_ns_total} abbreviates its unit, {@code system_cpu_count} ends like a
   * histogram's part); the usage ratios stay. Filters must come before the first meter.
   */
  private static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry
        .config()
        .meterFilter(
            MeterFilter.deny(
                id ->
                    id.getName().equals("process.cpu.time")
                        || id.getName().equals("system.cpu.count")));
    return registry;
  }

  /** The registry every meter of this server is in. */
  public MeterRegistry registry() {
    return registry;
  }

  /** What every engine is watched by: the move counters, the attempt and commit timers. */
  public Instrumentation instrumentation() {
    return new Instrumentation(
        moves,
        commits,
        attempts,
        ujm ->
            moves.serve(
                ujm.workers().snapshot().pools().stream()
                    .map(pool -> pool.queue())
                    .collect(Collectors.toSet())),
        WorkSpans.NONE);
  }

  /** The sampler of queue depths (null before {@link #start}); its snapshot serves alerts too. */
  public QueueSampler sampler() {
    return sampler;
  }

  /** Adds a gauge read at each scrape (the live streams' connections, say). */
  public void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, () -> value.get()).description(description).register(registry);
  }

  /** Adds a counter read at each scrape from a count kept elsewhere. */
  public <T> void counter(String name, String description, T source, ToDoubleFunction<T> count) {
    FunctionCounter.builder(name, source, count).description(description).register(registry);
  }

  /** Registers the meters of another part (the per-tenant ones, {@link TenantMetrics}). */
  public void bind(io.micrometer.core.instrument.binder.MeterBinder binder) {
    binder.bindTo(registry);
    if (binder instanceof AutoCloseable running) {
      bound.add(running); // a sampler with a timer of its own, stopped with these metrics
    }
  }

  /** The bound sampler of this kind (for tests that run one pass now), if one was bound. */
  public <T> java.util.Optional<T> bound(Class<T> kind) {
    return bound.stream().filter(kind::isInstance).map(kind::cast).findFirst();
  }

  /** After every request (a request logger of the web server). */
  public void record(Context ctx, Float millis) {
    String route = ctx.attribute(ROUTE);
    Timer.builder("ujm.http.requests")
        .description("HTTP requests by method, route and status")
        .tags(
            "method",
            ctx.method().toString(),
            "route",
            route == null ? "unmatched" : route,
            "status",
            String.valueOf(ctx.statusCode()))
        .serviceLevelObjectives(Buckets.FAST)
        .register(registry)
        .record((long) ((millis == null ? 0 : millis) * 1_000_000), TimeUnit.NANOSECONDS);
  }

  /** The current metrics in the Prometheus text format. */
  public String scrape() {
    Backend backend = this.backend;
    if (backend != null && backend.isUp()) {
      try {
        refreshWorkers(backend.engine().workers());
      } catch (RuntimeException e) {
        // the engine went away between the check and the read: keep the last numbers
      }
    }
    return registry.scrape();
  }

  @Override
  public void close() {
    if (sampler != null) {
      sampler.close();
    }
    for (AutoCloseable running : bound) {
      try {
        running.close();
      } catch (Exception e) {
        throw new IllegalStateException("a metrics sampler did not stop", e);
      }
    }
  }

  private void busCounter(String name, String help, Function<EventBus.Stats, Long> count) {
    FunctionCounter.builder(name, this, m -> m.busStat(count)).description(help).register(registry);
  }

  private double busStat(Function<EventBus.Stats, ? extends Number> stat) {
    Backend backend = this.backend;
    if (backend == null || !backend.isUp()) {
      return 0;
    }
    try {
      return stat.apply(backend.engine().events().stats()).doubleValue();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private void refreshWorkers(WorkerSnapshot snapshot) {
    busyWorkers.register(
        snapshot.pools().stream()
            .map(p -> MultiGauge.Row.of(Tags.of("queue", p.queue()), p.busy()))
            .<MultiGauge.Row<?>>map(r -> r)
            .toList(),
        true);
    pausedPools.register(
        snapshot.pools().stream()
            .map(p -> MultiGauge.Row.of(Tags.of("queue", p.queue()), p.paused() ? 1 : 0))
            .<MultiGauge.Row<?>>map(r -> r)
            .toList(),
        true);
    poolSizes.register(
        snapshot.pools().stream()
            .map(p -> MultiGauge.Row.of(Tags.of("queue", p.queue()), p.size()))
            .<MultiGauge.Row<?>>map(r -> r)
            .toList(),
        true);
  }
}
