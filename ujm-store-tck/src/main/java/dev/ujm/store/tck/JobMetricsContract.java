package dev.ujm.store.tck;

import static dev.ujm.test.JobFixtures.aJob;
import static dev.ujm.test.JobFixtures.anError;
import static dev.ujm.test.JobFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.core.analytics.JobMetrics;
import dev.ujm.core.analytics.JobMetricsTrimmer;
import dev.ujm.core.analytics.LatencyBuckets;
import dev.ujm.core.analytics.MetricsFigures;
import dev.ujm.core.analytics.MetricsPoint;
import dev.ujm.core.analytics.MetricsQuery;
import dev.ujm.core.analytics.MetricsRetention;
import dev.ujm.core.analytics.MetricsStep;
import dev.ujm.core.model.Job;
import dev.ujm.core.store.CancelRequest;
import dev.ujm.core.store.FailRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Job metrics: a scripted set of jobs on a manual clock across midnight, and every figure of the
 * minute rows and of their hour and day roll-ups matches what ran, exactly; trimming deletes only
 * the rows past their retention.
 */
public abstract class JobMetricsContract extends StoreContractBase {
  private static final Instant START = Instant.parse("2026-03-02T23:58:10Z");
  private static final Instant M_2358 = Instant.parse("2026-03-02T23:58:00Z");
  private static final Instant M_2359 = Instant.parse("2026-03-02T23:59:00Z");
  private static final Instant M_0000 = Instant.parse("2026-03-03T00:00:00Z");
  private static final Instant H_23 = Instant.parse("2026-03-02T23:00:00Z");
  private static final Instant DAY_ONE = Instant.parse("2026-03-02T00:00:00Z");
  private static final Instant END = Instant.parse("2026-03-04T00:00:00Z");

  private JobMetrics metrics;

  protected JobMetricsContract(JobStoreContract contract) {
    super(contract);
  }

  @BeforeEach
  void openMetrics() {
    metrics = metricsOf(store);
    clock.set(START);
  }

  @Test
  void a_scripted_set_of_jobs_is_counted_per_minute_and_rolled_up_to_hours_and_days_exactly() {
    runTheScript();

    MetricsFigures m2358 =
        figures(
                f -> {
                  f.completed = 1;
                  f.failedAttempts = 1;
                  f.retried = 1;
                  f.cancelled = 2;
                  f.attempts = 3;
                })
            .runs(3_000, 1_500, 500)
            .waits(2_000, 5_000, 6_500, 11_000)
            .endToEnd(5_000)
            .figures;
    MetricsFigures m2359 =
        figures(
                f -> {
                  f.completed = 1;
                  f.attempts = 1;
                })
            .runs(50_000)
            .endToEnd(61_000)
            .figures;
    MetricsFigures m0000 =
        figures(
                f -> {
                  f.failedAttempts = 2;
                  f.failedFinal = 1;
                  f.deadLettered = 2;
                  f.attempts = 2;
                })
            .runs(20_000, 31_000)
            .waits(120_000)
            .figures;

    assertThat(series(null, null, null, MetricsStep.MINUTE))
        .containsExactly(
            new MetricsPoint(M_2358, m2358),
            new MetricsPoint(M_2359, m2359),
            new MetricsPoint(M_0000, m0000));
    assertThat(series(null, null, null, MetricsStep.HOUR))
        .containsExactly(
            new MetricsPoint(H_23, sum(m2358, m2359)), new MetricsPoint(M_0000, m0000));
    assertThat(series(null, null, null, MetricsStep.DAY))
        .containsExactly(
            new MetricsPoint(DAY_ONE, sum(m2358, m2359)), new MetricsPoint(M_0000, m0000));
    assertThat(MetricsPoint.total(series(null, null, null, MetricsStep.MINUTE)))
        .isEqualTo(sum(m2358, m2359, m0000));
  }

  @Test
  void a_series_holds_only_the_rows_of_its_type_queue_tenant_and_range() {
    runTheScript();

    assertThat(series(null, null, "globex", MetricsStep.MINUTE))
        .containsExactly(
            new MetricsPoint(
                M_0000,
                figures(
                        f -> {
                          f.failedAttempts = 1;
                          f.deadLettered = 1;
                          f.attempts = 1;
                        })
                    .runs(31_000)
                    .waits(120_000)
                    .figures));
    assertThat(series("crawl", null, null, MetricsStep.HOUR))
        .containsExactly(
            new MetricsPoint(
                H_23,
                figures(
                        f -> {
                          f.completed = 1;
                          f.attempts = 1;
                        })
                    .runs(50_000)
                    .waits(11_000)
                    .endToEnd(61_000)
                    .figures));
    assertThat(series("noop", "spare", "acme", MetricsStep.DAY))
        .containsExactly(new MetricsPoint(DAY_ONE, figures(f -> f.cancelled = 1).figures));
    assertThat(
            metrics.series(new MetricsQuery(null, null, null, M_2359, M_0000, MetricsStep.MINUTE)))
        .extracting(MetricsPoint::at)
        .containsExactly(M_2359);
    assertThat(series(null, null, "initech", MetricsStep.MINUTE)).isEmpty();
  }

  @Test
  void trimming_deletes_the_rows_of_one_step_before_the_cut_off_and_keeps_the_roll_ups() {
    runTheScript();

    assertThat(metrics.trim(MetricsStep.MINUTE, M_0000)).isEqualTo(4);

    assertThat(series(null, null, null, MetricsStep.MINUTE))
        .extracting(MetricsPoint::at)
        .containsExactly(M_0000);
    assertThat(series(null, null, null, MetricsStep.HOUR))
        .extracting(MetricsPoint::at)
        .containsExactly(H_23, M_0000);
    assertThat(metrics.trim(MetricsStep.MINUTE, M_0000)).isZero();
  }

  @Test
  void the_trimmer_keeps_minute_rows_for_48_hours_hour_rows_for_90_days_and_day_rows_for_good() {
    runTheScript();
    var trimmer =
        new JobMetricsTrimmer(metrics, clock, MetricsRetention.DEFAULT, Duration.ofMinutes(10));

    clock.set(Instant.parse("2026-03-04T23:59:30Z"));
    assertThat(trimmer.runOnce()).isEqualTo(3); // the minute of 23:58: three series
    clock.set(Instant.parse("2026-03-05T00:01:00Z"));
    assertThat(trimmer.runOnce()).isEqualTo(3); // 23:59 and 00:00
    clock.set(Instant.parse("2026-06-01T00:00:00Z"));
    assertThat(trimmer.runOnce()).isEqualTo(3); // the hour rows of day one: three series

    assertThat(series(null, null, null, MetricsStep.MINUTE)).isEmpty();
    assertThat(series(null, null, null, MetricsStep.HOUR))
        .extracting(MetricsPoint::at)
        .containsExactly(M_0000);
    assertThat(series(null, null, null, MetricsStep.DAY)).hasSize(2);
  }

  /**
   * The script: on day one, in the minute of 23:58, a completion, a failed attempt retried later, a
   * hand-back and a cancel of the running job, a queued job cancelled, a crawl claimed; at 23:59
   * the crawl completes; just after midnight the retried job fails for good and a job whose only
   * attempt loses its lease expires.
   */
  private void runTheScript() {
    Job a1 = submit(aJob().tenant("acme"));
    Job a2 = submit(aJob().tenant("acme").maxAttempts(2));
    Job a3 = submit(aJob().tenant("acme"));
    Job c1 = submit(aJob("crawl").tenant("acme"));
    Job g1 = submit(aJob().tenant("globex").queue("other").maxAttempts(1));
    Job q1 = submit(aJob().tenant("acme").queue("spare"));

    clock.advance(Duration.ofSeconds(2));
    Job completing = claimOne("noop", "w1"); // waited 2 s
    assertThat(completing.id()).isEqualTo(a1.id());
    clock.advance(Duration.ofSeconds(3));
    store.complete(completing.lease(), json("ok", true)); // ran 3 s, 5 s end to end

    Job failing = claimOne("noop", "w1"); // waited 5 s
    assertThat(failing.id()).isEqualTo(a2.id());
    Instant retryAt = clock.advance(Duration.ofMillis(1_500)).plusSeconds(10);
    store.fail(new FailRequest(failing.lease(), anError("boom", 1, clock.instant()), retryAt));

    Job handedBack = claimOne("noop", "w1"); // waited 6.5 s
    assertThat(handedBack.id()).isEqualTo(a3.id());
    clock.advance(Duration.ofSeconds(4));
    store.release(handedBack.lease(), "shutting down"); // no attempt, no run time
    assertThat(claimOne("noop", "w2").id()).isEqualTo(a3.id()); // no second wait
    clock.advance(Duration.ofMillis(500));
    store.cancel(new CancelRequest(a3.id(), "owner", null)); // ran 0.5 s
    store.cancel(new CancelRequest(q1.id(), "owner", null));

    Job crawl = claimOne("crawl", "w3"); // waited 11 s
    assertThat(crawl.id()).isEqualTo(c1.id());
    clock.advance(Duration.ofSeconds(50));
    store.complete(crawl.lease(), null); // at 23:59:11: ran 50 s, 61 s end to end

    clock.set(Instant.parse("2026-03-02T23:59:50Z"));
    assertThat(store.promoteDue(10)).isEqualTo(1);
    Job second = claimOne("noop", "w1");
    assertThat(second.id()).isEqualTo(a2.id());
    clock.advance(Duration.ofSeconds(20));
    store.fail(new FailRequest(second.lease(), anError("boom", 2, clock.instant()), null));

    Job expiring = claimOne("other", "w4"); // at 00:00:10: waited 120 s
    assertThat(expiring.id()).isEqualTo(g1.id());
    clock.advance(LEASE.plusSeconds(1));
    assertThat(store.requeueExpired(10)).isEqualTo(1); // ran 31 s, its only attempt
  }

  private List<MetricsPoint> series(String type, String queue, String tenant, MetricsStep step) {
    return metrics.series(new MetricsQuery(type, queue, tenant, DAY_ONE, END, step));
  }

  private static MetricsFigures sum(MetricsFigures... rows) {
    MetricsFigures total = new MetricsFigures();
    for (MetricsFigures row : rows) {
      total.add(row);
    }
    return total;
  }

  private static Expected figures(java.util.function.Consumer<MetricsFigures> counts) {
    Expected expected = new Expected();
    counts.accept(expected.figures);
    return expected;
  }

  /** The figures a row should hold, written out sample by sample. */
  private static final class Expected {
    final MetricsFigures figures = new MetricsFigures();

    Expected runs(long... millis) {
      for (long run : millis) {
        figures.runSumMillis += run;
        figures.runMinMillis = Math.min(figures.runMinMillis, run);
        figures.runMaxMillis = Math.max(figures.runMaxMillis, run);
        figures.runTime[LatencyBuckets.indexOf(run)]++;
      }
      return this;
    }

    Expected waits(long... millis) {
      for (long wait : millis) {
        figures.queueWait[LatencyBuckets.indexOf(wait)]++;
      }
      return this;
    }

    Expected endToEnd(long... millis) {
      for (long total : millis) {
        figures.endToEnd[LatencyBuckets.indexOf(total)]++;
      }
      return this;
    }
  }
}
