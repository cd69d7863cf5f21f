package dev.ujm.core.eta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ujm.core.events.JobChange;
import dev.ujm.core.memory.InMemoryJobStore;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobError;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.Progress;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.FailRequest;
import dev.ujm.core.worker.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The estimator learns from a real in-memory store's committed changes on a clock moved by hand:
 * each scripted run is a claim, progress reports at chosen times and a completion.
 */
class EtaEstimatorTest {
  private final SettableClock clock = new SettableClock();
  private final InMemoryJobStore store = new InMemoryJobStore(clock);
  private final EtaEstimator eta = new EtaEstimator();

  @BeforeEach
  void followTheStore() {
    store.addListener(update -> eta.onEvent(JobChange.of(update)));
  }

  @Test
  void a_type_without_history_or_progress_has_no_estimate() {
    assertThat(eta.remainingSeconds("sleep", clock.instant(), 0, null, clock.instant())).isEmpty();
  }

  @Test
  void without_progress_the_history_answers() {
    for (int i = 0; i < 5; i++) {
      run("report", 20, linear());
    }
    Instant start = clock.instant();
    Progress noFraction = new Progress(null, "starting", null, null, null);

    double left =
        eta.remainingSeconds("report", start, 0, noFraction, start.plusSeconds(5)).orElseThrow();

    assertThat(left).isCloseTo(15, within(0.01));
  }

  @Test
  void a_linear_type_follows_its_rate_even_when_its_runs_vary_widely() {
    for (int seconds : new int[] {10, 50, 20, 40, 30, 10, 50}) {
      run("sleep", seconds, linear());
    }
    Instant start = clock.instant();

    double left =
        eta.remainingSeconds("sleep", start, 0, percent(50), start.plusSeconds(8)).orElseThrow();

    assertThat(left).isCloseTo(8, within(0.8));
  }

  @Test
  void a_type_whose_total_grows_learns_how_far_its_early_reports_overstate() {
    // a crawl's planned pages grow as it finds links: when a quarter of its time has passed it
    // reports half its pages done
    DoubleUnaryOperator grows = Math::sqrt;
    for (int seconds : new int[] {18, 22, 20, 19, 21}) {
      run("crawl", seconds, grows);
    }
    Instant start = clock.instant();
    Progress half = new Progress(50, "50 of 100 pages", 50L, 100L, 3L);

    double left = eta.remainingSeconds("crawl", start, 0, half, start.plusSeconds(5)).orElseThrow();

    assertThat(left).isCloseTo(15, within(1.5)); // the rate alone would say 5
  }

  @Test
  void a_resumed_attempt_counts_only_the_work_left_since_it_started() {
    Instant start = clock.instant();

    // it resumed at 40 % and has done 30 points more in 6 s: 5 points a second, 30 points left
    double left =
        eta.remainingSeconds("sleep", start, 0.4, percent(70), start.plusSeconds(6)).orElseThrow();

    assertThat(left).isCloseTo(6, within(0.01));
  }

  @Test
  void the_stamp_replaces_the_handlers_guess_with_the_prediction() {
    Job job = job("sleep");
    Instant start = clock.instant();
    AttemptEta stamp = eta.forAttempt(job, start);

    Progress stamped =
        stamp.stamp(new Progress(25, "a quarter", 25L, 100L, 99L), start.plusSeconds(10));
    Progress unknown =
        stamp.stamp(new Progress(null, "thinking", null, null, 7L), start.plusSeconds(10));

    assertThat(stamped.etaSeconds()).isEqualTo(30);
    assertThat(stamped.message()).isEqualTo("a quarter");
    assertThat(unknown.etaSeconds()).isEqualTo(7);
  }

  @Test
  void a_failed_attempt_teaches_nothing() {
    Job job = claim("flaky");
    clock.advance(Duration.ofSeconds(3));
    store.fail(
        new FailRequest(job.lease(), new JobError("boom", "went wrong", 1, clock.instant()), null));

    assertThat(eta.history("flaky")).isZero();
  }

  @Test
  void the_history_of_a_type_is_bounded() {
    for (int i = 0; i < RunTimes.CAPACITY + 5; i++) {
      run("tiny", 1, linear());
    }

    assertThat(eta.history("tiny")).isEqualTo(RunTimes.CAPACITY);
  }

  @Test
  void a_fresh_estimator_is_seeded_from_the_stores_completed_first_attempts() {
    run("report", 12, linear());
    run("report", 18, linear());
    EtaEstimator fresh = new EtaEstimator();

    int seeded = fresh.seed(store);

    assertThat(seeded).isEqualTo(2);
    Instant start = clock.instant();
    assertThat(fresh.remainingSeconds("report", start, 0, null, start.plusSeconds(5)).orElseThrow())
        .isCloseTo(10, within(0.01));
  }

  private static DoubleUnaryOperator linear() {
    return g -> g;
  }

  private static Progress percent(int value) {
    return new Progress(value, null, null, null, null);
  }

  /**
   * A completed run of {@code seconds}, reporting {@code reported(g)} at each twentieth g of its
   * time.
   */
  private void run(String type, int seconds, DoubleUnaryOperator reported) {
    Job job = claim(type);
    for (int step = 1; step < 20; step++) {
      clock.advance(Duration.ofMillis(seconds * 50L));
      long done = Math.round(reported.applyAsDouble(step / 20.0) * 1000);
      store.progress(job.lease(), Progress.of(done, 1000, null));
    }
    clock.advance(Duration.ofMillis(seconds * 50L));
    store.complete(job.lease(), null);
  }

  private Job claim(String type) {
    job(type);
    return store.claim(ClaimRequest.of(type, "w1", 1, Duration.ofHours(1))).getFirst();
  }

  private Job job(String type) {
    return store.submit(NewJob.ofType(type).build()).job();
  }
}
