package dev.ujm.server.analytics;

import dev.ujm.server.engine.Backend;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples every objective's attainment on a timer and publishes it as gauges, so a scrape reads
 * numbers at hand instead of the store:
 *
 * <ol>
 *   <li>every {@link #INTERVAL}, while the backend is up, read each type's attainment over {@code
 *       UJM_SLA_WINDOW_HOURS} from the job metrics of every tenant;
 *   <li>replace the gauges' rows: {@code ujm_sla_attainment_ratio} (NaN for a type none of whose
 *       jobs ended in the window) and {@code ujm_sla_objective_ratio}.
 * </ol>
 *
 * A pass that fails keeps the last numbers. Thread-safe.
 */
public final class SlaSampler implements MeterBinder, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SlaSampler.class);

  /** How often the attainments are read. */
  public static final Duration INTERVAL = Duration.ofSeconds(30);

  private final Backend backend;
  private final AnalyticsSettings settings;
  private final InstantSource clock;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofVirtual().name("ujm-sla-sampler").factory());
  private MultiGauge attainment;
  private volatile Map<String, SlaAttainment> latest = Map.of();

  public SlaSampler(Backend backend, AnalyticsSettings settings, InstantSource clock) {
    this.backend = backend;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    if (settings.objectives().isEmpty()) {
      return;
    }
    attainment =
        MultiGauge.builder("ujm.sla.attainment")
            .description(
                "Share of each type's jobs ended in the SLA window (UJM_SLA_WINDOW_HOURS) that"
                    + " completed within the objective's time of their submit, sampled every 30 s")
            .baseUnit("ratio")
            .register(registry);
    MultiGauge objective =
        MultiGauge.builder("ujm.sla.objective")
            .description("Each type's objective (UJM_SLA_<TYPE>) as a share")
            .baseUnit("ratio")
            .register(registry);
    List<MultiGauge.Row<?>> targets = new ArrayList<>();
    List<MultiGauge.Row<?>> unknown = new ArrayList<>();
    settings
        .objectives()
        .forEach(
            (type, o) -> {
              targets.add(MultiGauge.Row.of(Tags.of("type", type), o.percent() / 100));
              unknown.add(MultiGauge.Row.of(Tags.of("type", type), Double.NaN));
            });
    objective.register(targets, true);
    attainment.register(unknown, true); // until the first pass has read the store
    long every = INTERVAL.toMillis();
    timer.scheduleWithFixedDelay(this::runSafely, 0, every, TimeUnit.MILLISECONDS);
  }

  /** The attainments of the last pass that succeeded, by type. */
  public Map<String, SlaAttainment> latest() {
    return latest;
  }

  /**
   * One pass.
   *
   * @return whether the store answered
   */
  public boolean runOnce() {
    if (!backend.isUp()) {
      return false;
    }
    var metrics = backend.engine().metrics();
    Map<String, SlaAttainment> now = new TreeMap<>();
    settings
        .objectives()
        .forEach(
            (type, o) ->
                now.put(
                    type,
                    SlaAttainment.of(metrics, o, null, settings.slaWindow(), clock.instant())));
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    now.forEach(
        (type, a) ->
            rows.add(
                MultiGauge.Row.of(
                    Tags.of("type", type), a.attainment() == null ? Double.NaN : a.attainment())));
    if (attainment != null) {
      attainment.register(rows, true);
    }
    latest = Map.copyOf(now);
    return true;
  }

  private void runSafely() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      LOG.debug("the SLA attainments could not be read; keeping the last ones", e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
