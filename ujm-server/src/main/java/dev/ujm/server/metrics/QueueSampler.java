package dev.ujm.server.metrics;

import dev.ujm.core.model.JobState;
import dev.ujm.core.store.StoreStats;
import dev.ujm.server.engine.Backend;
import dev.ujm.server.engine.Engine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the store's counts per queue and state on a timer and publishes them as gauges, so a
 * scrape reads numbers already at hand instead of scanning the store:
 *
 * <ol>
 *   <li>every {@link #INTERVAL}, while the backend is up, read {@code stats()} once;
 *   <li>fold queues no worker pool of this node serves into {@value #UNSERVED_QUEUE} (callers name
 *       queues freely, labels must stay few);
 *   <li>replace the gauges' rows and keep the snapshot for whoever else needs one (the alert
 *       rules).
 * </ol>
 *
 * A pass that fails (the store went away) keeps the last numbers. Thread-safe.
 */
public final class QueueSampler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QueueSampler.class);

  /** How often the store's counts are read. */
  public static final Duration INTERVAL = Duration.ofSeconds(5);

  /** The queue label of jobs in queues no worker pool of this node serves. */
  public static final String UNSERVED_QUEUE = "(unserved)";

  private final Backend backend;
  private final MultiGauge jobs;
  private final MultiGauge depth;
  private final MultiGauge oldest;
  private final MultiGauge deadLetters;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofVirtual().name("ujm-queue-sampler").factory());
  private volatile StoreStats latest = new StoreStats(List.of());

  public QueueSampler(Backend backend, MeterRegistry registry) {
    this.backend = backend;
    this.jobs =
        MultiGauge.builder("ujm.jobs")
            .description(
                "Jobs in the store per queue and state, sampled every 5 s. A snapshot, not a"
                    + " counter: completed and failed fall when old jobs are purged, so take rates"
                    + " from the ujm_jobs_*_total counters")
            .register(registry);
    this.depth =
        MultiGauge.builder("ujm.queue.depth")
            .description("Jobs queued (ready to run) per queue, sampled every 5 s")
            .register(registry);
    this.oldest =
        MultiGauge.builder("ujm.queue.oldest.age")
            .description("Age of the oldest queued job per queue, sampled every 5 s; 0 when none")
            .baseUnit("seconds")
            .register(registry);
    this.deadLetters =
        MultiGauge.builder("ujm.dead.letter.jobs")
            .description("Failed jobs kept in the dead-letter queue per queue, sampled every 5 s")
            .register(registry);
  }

  /** Starts sampling every {@link #INTERVAL}, the first pass at once. */
  public QueueSampler start() {
    long millis = INTERVAL.toMillis();
    timer.scheduleWithFixedDelay(this::runSafely, 0, millis, TimeUnit.MILLISECONDS);
    return this;
  }

  /** The counts of the last pass that succeeded (empty before the first). */
  public StoreStats latest() {
    return latest;
  }

  /**
   * One pass: reads the store's counts and publishes them.
   *
   * @return whether the store answered
   */
  public boolean runOnce() {
    if (!backend.isUp()) {
      return false;
    }
    Engine engine = backend.engine();
    StoreStats stats = engine.jobs().stats();
    publish(stats, engine.servedQueues());
    latest = stats;
    return true;
  }

  private void runSafely() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      LOG.debug("the queue counts could not be read; keeping the last ones", e);
    }
  }

  private void publish(StoreStats stats, Set<String> served) {
    Map<String, Map<JobState, Long>> counts = new TreeMap<>();
    Map<String, Long> ages = new TreeMap<>();
    for (StoreStats.QueueStats queue : stats.queues()) {
      String label = served.contains(queue.queue()) ? queue.queue() : UNSERVED_QUEUE;
      Map<JobState, Long> byState =
          counts.computeIfAbsent(label, q -> new EnumMap<>(JobState.class));
      queue.counts().forEach((state, n) -> byState.merge(state, n, Long::sum));
      long age = queue.oldestQueuedAgeSeconds() == null ? 0 : queue.oldestQueuedAgeSeconds();
      ages.merge(label, age, Math::max);
    }
    List<MultiGauge.Row<?>> jobRows = new ArrayList<>();
    List<MultiGauge.Row<?>> depthRows = new ArrayList<>();
    List<MultiGauge.Row<?>> deadRows = new ArrayList<>();
    List<MultiGauge.Row<?>> ageRows = new ArrayList<>();
    counts.forEach(
        (queue, byState) -> {
          for (JobState state : JobState.values()) {
            jobRows.add(
                MultiGauge.Row.of(
                    Tags.of("queue", queue, "state", state.wireName()),
                    byState.getOrDefault(state, 0L)));
          }
          Tags tags = Tags.of("queue", queue);
          depthRows.add(MultiGauge.Row.of(tags, byState.getOrDefault(JobState.QUEUED, 0L)));
          deadRows.add(MultiGauge.Row.of(tags, byState.getOrDefault(JobState.FAILED, 0L)));
          ageRows.add(MultiGauge.Row.of(tags, ages.getOrDefault(queue, 0L)));
        });
    jobs.register(jobRows, true);
    depth.register(depthRows, true);
    deadLetters.register(deadRows, true);
    oldest.register(ageRows, true);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
