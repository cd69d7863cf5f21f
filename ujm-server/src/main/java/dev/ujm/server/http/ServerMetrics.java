package dev.ujm.server.http;

import dev.ujm.core.model.JobState;
import dev.ujm.core.store.StoreStats;
import dev.ujm.core.worker.WorkerSnapshot;
import dev.ujm.server.engine.Backend;
import dev.ujm.server.engine.Engine;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The Prometheus metrics of {@code GET /metrics}: request durations per route and status, jobs per
 * queue and state, busy workers per queue, whether the store is ready, and the JVM's memory,
 * threads and CPU. Job and worker numbers are read when scraped, so they cost nothing between
 * scrapes. Every label has a bounded set of values: routes are path templates, and jobs of queues
 * no worker pool serves (whatever names callers gave them) are counted under one queue label,
 * {@value #UNSERVED_QUEUE}. Thread-safe.
 */
public final class ServerMetrics {
  /**
   * Attribute set by the route wrapper: the route's path template, so metrics do not explode with
   * job ids.
   */
  public static final String ROUTE = "ujm.route";

  /** The queue label of jobs in queues no worker pool of this node serves. */
  public static final String UNSERVED_QUEUE = "(unserved)";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Backend backend;
  private final MultiGauge jobs;
  private final MultiGauge busyWorkers;
  private final MultiGauge pausedPools;
  private final MultiGauge poolSizes;

  public ServerMetrics(Backend backend) {
    this.backend = backend;
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    this.jobs =
        MultiGauge.builder("ujm.jobs").description("Jobs per queue and state").register(registry);
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
    registry.gauge("ujm.store.ready", backend, b -> b.readiness().ready() ? 1 : 0);
  }

  /** Adds a gauge read at each scrape (the live streams' connections, say). */
  public void gauge(String name, String description, java.util.function.Supplier<Number> value) {
    io.micrometer.core.instrument.Gauge.builder(name, () -> value.get())
        .description(description)
        .register(registry);
  }

  /** Registers the meters of another part (the per-tenant ones, {@link TenantMetrics}). */
  public void bind(io.micrometer.core.instrument.binder.MeterBinder binder) {
    binder.bindTo(registry);
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
        .register(registry)
        .record((long) ((millis == null ? 0 : millis) * 1_000_000), TimeUnit.NANOSECONDS);
  }

  /** The current metrics in the Prometheus text format. */
  public String scrape() {
    if (backend.isUp()) {
      try {
        Engine engine = backend.engine();
        WorkerSnapshot workers = engine.workers();
        refreshJobs(engine.jobs().stats(), Views.servedQueues(workers));
        refreshWorkers(workers);
      } catch (RuntimeException e) {
        // the store went away between the check and the read: keep the last numbers
      }
    }
    return registry.scrape();
  }

  private void refreshJobs(StoreStats stats, Set<String> served) {
    Map<String, Map<JobState, Long>> byLabel = new TreeMap<>();
    for (StoreStats.QueueStats queue : stats.queues()) {
      String label = served.contains(queue.queue()) ? queue.queue() : UNSERVED_QUEUE;
      Map<JobState, Long> counts =
          byLabel.computeIfAbsent(label, q -> new EnumMap<>(JobState.class));
      queue.counts().forEach((state, n) -> counts.merge(state, n, Long::sum));
    }
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    byLabel.forEach(
        (label, counts) -> {
          for (JobState state : JobState.values()) {
            long n = counts.getOrDefault(state, 0L);
            rows.add(MultiGauge.Row.of(Tags.of("queue", label, "state", state.wireName()), n));
          }
        });
    jobs.register(rows, true);
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
