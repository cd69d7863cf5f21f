package dev.ujm.server.analytics;

import dev.ujm.api.AnalyticsPoint;
import dev.ujm.api.AnalyticsResponse;
import dev.ujm.api.SlaResponse;
import dev.ujm.api.SlaView;
import dev.ujm.core.analytics.JobMetrics;
import dev.ujm.core.analytics.MetricsFigures;
import dev.ujm.core.analytics.MetricsPoint;
import dev.ujm.core.analytics.MetricsQuery;
import dev.ujm.core.analytics.MetricsStep;
import dev.ujm.server.engine.Backend;
import dev.ujm.server.http.Caller;
import dev.ujm.server.http.HttpExchange;
import dev.ujm.server.http.Inputs;
import dev.ujm.server.http.ProblemException;
import io.javalin.http.Context;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

/**
 * The analytics endpoints, over the backend's job metrics:
 *
 * <ul>
 *   <li>{@code GET /api/v2/analytics?type=&queue=&tenant=&from=&to=&step=}: a time series, one
 *       point per step with any figure, and the total;
 *   <li>{@code GET /api/v2/analytics/sla?window=&tenant=}: each objective's attainment over the
 *       window that ends now.
 * </ul>
 *
 * An admin reads its own tenant; an operator the tenant it names with {@code ?tenant=}, or every
 * tenant without one ({@link Caller#of} refuses any other tenant to anyone else). Thread-safe.
 */
public final class AnalyticsController {
  /** The most points one series may span, so a request stays cheap for every store. */
  static final int MAX_POINTS = 3_000;

  /** The longest SLA window one request may ask for. */
  static final Duration MAX_WINDOW = Duration.ofDays(90);

  private final Backend backend;
  private final InstantSource clock;
  private final AnalyticsSettings settings;

  public AnalyticsController(Backend backend, InstantSource clock, AnalyticsSettings settings) {
    this.backend = backend;
    this.clock = clock;
    this.settings = settings;
  }

  public void series(Context ctx, Caller caller) {
    MetricsStep step = step(ctx.queryParam("step"));
    String type = optionalName("type", ctx.queryParam("type"));
    String queue = ctx.queryParam("queue");
    if (queue != null && !queue.isBlank()) {
      queue = Inputs.queue("queue", queue.trim());
    } else {
      queue = null;
    }
    Instant now = clock.instant();
    Instant to = instant("to", ctx.queryParam("to"), step.bucketOf(now).plus(step.width()));
    Instant from = instant("from", ctx.queryParam("from"), to.minus(step.width().multipliedBy(60)));
    if (!from.isBefore(to)) {
      throw ProblemException.invalid("from", "from must be before to");
    }
    if (Duration.between(from, to).dividedBy(step.width()) > MAX_POINTS) {
      throw ProblemException.invalid(
          "from",
          "at most " + MAX_POINTS + " steps at once: choose a wider step or a shorter span");
    }
    String tenant = tenantOf(ctx, caller);
    List<MetricsPoint> points =
        metrics().series(new MetricsQuery(type, queue, tenant, from, to, step));
    HttpExchange.json(
        ctx,
        200,
        new AnalyticsResponse(
            type,
            queue,
            tenant,
            from,
            to,
            step.wireName(),
            points.stream().map(p -> view(p.at(), p.figures())).toList(),
            view(null, MetricsPoint.total(points))));
  }

  public void sla(Context ctx, Caller caller) {
    Duration window = window(ctx.queryParam("window"), settings.slaWindow());
    String tenant = tenantOf(ctx, caller);
    JobMetrics metrics = metrics();
    Instant now = clock.instant();
    List<SlaView> views =
        settings.objectives().values().stream()
            .sorted(java.util.Comparator.comparing(SlaObjective::type))
            .map(o -> view(SlaAttainment.of(metrics, o, tenant, window, now)))
            .toList();
    HttpExchange.json(ctx, 200, new SlaResponse(tenant, window.toSeconds(), views));
  }

  /**
   * Whose figures this caller reads: its tenant, or for an operator that names none, every tenant's
   * (null).
   */
  private static String tenantOf(Context ctx, Caller caller) {
    String named = ctx.queryParam("tenant");
    return caller.isOperator() && (named == null || named.isBlank()) ? null : caller.tenant();
  }

  private JobMetrics metrics() {
    return backend.engine().metrics();
  }

  static SlaView view(SlaAttainment a) {
    return new SlaView(
        a.objective().type(),
        a.objective().text(),
        a.objective().percent(),
        a.objective().within().toMillis(),
        a.ended(),
        a.withinObjective(),
        a.attainment(),
        a.met());
  }

  static AnalyticsPoint view(Instant at, MetricsFigures f) {
    boolean ran = f.runTimeQuantile(1) != null;
    return new AnalyticsPoint(
        at,
        f.completed,
        f.failedAttempts,
        f.retried,
        f.failedFinal,
        f.deadLettered,
        f.cancelled,
        f.attempts,
        new AnalyticsPoint.RunTime(
            ran ? f.runSumMillis : null,
            ran ? f.runMinMillis : null,
            ran ? f.runMaxMillis : null,
            f.runTimeQuantile(0.5),
            f.runTimeQuantile(0.9),
            f.runTimeQuantile(0.99)),
        percentiles(
            f.queueWait,
            f.queueWaitQuantile(0.5),
            f.queueWaitQuantile(0.9),
            f.queueWaitQuantile(0.99)),
        percentiles(
            f.endToEnd,
            f.endToEndQuantile(0.5),
            f.endToEndQuantile(0.9),
            f.endToEndQuantile(0.99)));
  }

  private static AnalyticsPoint.Percentiles percentiles(
      long[] histogram, Long p50, Long p90, Long p99) {
    return new AnalyticsPoint.Percentiles(java.util.Arrays.stream(histogram).sum(), p50, p90, p99);
  }

  private static MetricsStep step(String value) {
    if (value == null || value.isBlank()) {
      return MetricsStep.MINUTE;
    }
    try {
      return MetricsStep.parse(value.trim());
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid("step", e.getMessage());
    }
  }

  private static String optionalName(String field, String value) {
    return value == null || value.isBlank() ? null : Inputs.name(field, value.trim());
  }

  private static Instant instant(String field, String value, Instant absent) {
    if (value == null || value.isBlank()) {
      return absent;
    }
    try {
      return Instant.parse(value.trim());
    } catch (DateTimeException e) {
      throw ProblemException.invalid(
          field, field + " must be an ISO instant such as 2026-03-01T12:00:00Z");
    }
  }

  /** A window such as {@code 90m}, {@code 24h} or {@code 7d}. */
  static Duration window(String value, Duration absent) {
    if (value == null || value.isBlank()) {
      return absent;
    }
    var m = java.util.regex.Pattern.compile("(\\d{1,6})([mhd])").matcher(value.trim());
    Duration window =
        !m.matches()
            ? null
            : switch (m.group(2)) {
              case "m" -> Duration.ofMinutes(Long.parseLong(m.group(1)));
              case "h" -> Duration.ofHours(Long.parseLong(m.group(1)));
              default -> Duration.ofDays(Long.parseLong(m.group(1)));
            };
    if (window == null || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
      throw ProblemException.invalid(
          "window", "window must be minutes, hours or days such as 90m, 24h or 7d, at most 90d");
    }
    return window;
  }
}
