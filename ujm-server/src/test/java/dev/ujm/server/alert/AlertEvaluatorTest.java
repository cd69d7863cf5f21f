package dev.ujm.server.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ujm.core.config.ConfigException;
import dev.ujm.core.events.JobChange;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.Transition;
import dev.ujm.core.store.StoreStats;
import dev.ujm.test.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Alert rules fire and resolve as time moves on a manual clock; each change is told once. */
class AlertEvaluatorTest {
  private final ManualClock clock = ManualClock.startingAt2026();
  private final OutcomeWindow outcomes = new OutcomeWindow(clock, Duration.ofHours(1));
  private final List<Alert> told = new ArrayList<>();
  private StoreStats stats = new StoreStats(List.of());
  private Set<String> served = Set.of("crawl");

  private AlertEvaluator evaluator(String... settings) {
    Map<String, String> values = new java.util.HashMap<>();
    for (int i = 0; i < settings.length; i += 2) {
      values.put(settings[i], settings[i + 1]);
    }
    AlertInputs inputs =
        new AlertInputs() {
          @Override
          public StoreStats stats() {
            return stats;
          }

          @Override
          public Set<String> servedQueues() {
            return served;
          }

          @Override
          public OutcomeWindow outcomes() {
            return outcomes;
          }
        };
    return new AlertEvaluator(AlertRules.from(values), () -> inputs, clock, told::add);
  }

  @Test
  void a_failure_rate_above_its_threshold_fires_and_resolves_once_the_failures_leave_the_window() {
    AlertEvaluator alerts =
        evaluator("UJM_ALERT_CRAWLS", "failure-rate type=crawl above=0.5 window=60 min=4");
    end("crawl", JobState.COMPLETED);
    end("crawl", JobState.FAILED);
    end("crawl", JobState.FAILED);
    assertThat(alerts.runOnce()).as("three ended, fewer than min").isZero();

    end("crawl", JobState.FAILED);
    end("email", JobState.FAILED); // another type
    assertThat(alerts.runOnce()).isEqualTo(1);
    assertThat(alerts.states())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.state()).isEqualTo("firing");
              assertThat(a.detail())
                  .isEqualTo("3 of 4 crawl jobs failed in the last 60 s (more than 50 %)");
              assertThat(a.since()).isEqualTo(clock.instant());
            });
    assertThat(alerts.runOnce()).as("still firing: nothing new to tell").isZero();

    clock.advance(Duration.ofSeconds(61));
    assertThat(alerts.runOnce()).isEqualTo(1);
    assertThat(alerts.states().get(0).state()).isEqualTo("resolved");
    assertThat(told).extracting(Alert::state).containsExactly("firing", "resolved");
  }

  @Test
  void queue_age_dead_letters_and_a_queue_without_workers_fire_on_what_they_watch() {
    AlertEvaluator alerts =
        evaluator(
            "UJM_ALERT_BACKLOG", "queue-age queue=email over=300",
            "UJM_ALERT_DEAD", "dead-letter-growth queue=report count=2 window=600",
            "UJM_ALERT_NOBODY", "no-worker queue=email");
    assertThat(alerts.runOnce()).isEqualTo(1); // nobody serves email
    stats =
        new StoreStats(
            List.of(new StoreStats.QueueStats("email", Map.of(JobState.QUEUED, 3L), 301L)));
    served = Set.of("crawl", "email");
    end("report", JobState.FAILED);
    end("report", JobState.FAILED);

    assertThat(alerts.runOnce()).isEqualTo(3);
    assertThat(alerts.states())
        .extracting(a -> a.rule().name() + " " + a.state())
        .containsExactly("backlog firing", "dead firing", "nobody resolved");
  }

  @Test
  void a_rule_that_does_not_read_stops_the_start_with_a_sentence() {
    assertThatThrownBy(
            () ->
                AlertRules.from(
                    Map.of(
                        "UJM_ALERT_X", "failure-rate type=crawl above=2",
                        "UJM_ALERT_Y", "queue-age over=5",
                        "UJM_ALERT_Z", "sometimes")))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactly(
                        "UJM_ALERT_X='failure-rate type=crawl above=2': above is a share from 0 to"
                            + " below 1, like 0.2",
                        "UJM_ALERT_Y='queue-age over=5': queue= is required",
                        "UJM_ALERT_Z='sometimes': the kind is one of failure-rate, queue-age,"
                            + " dead-letter-growth, no-worker, sla"));
  }

  private void end(String type, JobState state) {
    outcomes.record(
        new JobChange(
            0,
            JobChange.Kind.STATE,
            "job-" + told.size(),
            "default",
            "someone",
            type,
            type,
            state,
            JobState.PROCESSING,
            state == JobState.COMPLETED ? Transition.COMPLETE : Transition.FAIL,
            1,
            null,
            null,
            clock.instant(),
            1));
  }
}
