package dev.ujm.core.duty;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PacedStepsTest {
  private static final long MS = 1_000_000;
  private final ScriptedTicker ticker = new ScriptedTicker();
  private final PacedSteps steps = new PacedSteps(ticker, 100, 10, 1_000, Duration.ofMillis(20));

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void steps_run_until_one_does_less_than_it_was_asked() {
    int[] backlog = {250};

    int done =
        steps.run(
            n -> {
              int now = Math.min(n, backlog[0]);
              backlog[0] -= now;
              return now;
            });

    assertThat(done).isEqualTo(250);
    assertThat(backlog[0]).isZero();
  }

  @Test
  void a_quick_step_makes_the_next_one_larger_and_a_slow_one_smaller_at_most_twice_or_half() {
    List<Integer> asked = new ArrayList<>();
    long[] costs = {5 * MS, 5 * MS, 80 * MS, 40 * MS, 20 * MS};
    int[] step = {0};

    steps.run(
        n -> {
          asked.add(n);
          ticker.spend(costs[step[0]]);
          return ++step[0] < costs.length ? n : 0;
        });

    assertThat(asked).containsExactly(100, 200, 400, 200, 100);
    assertThat(steps.size()).isEqualTo(100);
  }

  @Test
  void step_sizes_stay_within_their_bounds() {
    steps.run(n -> 0); // instantly done: would double
    for (int i = 0; i < 10; i++) {
      steps.run(n -> n == 1_000 ? 0 : n);
    }
    assertThat(steps.size()).isEqualTo(1_000);

    steps.run(
        n -> {
          ticker.spend(10_000 * MS);
          return 0;
        });
    steps.run(
        n -> {
          ticker.spend(10_000 * MS);
          return 0;
        });
    assertThat(steps.size()).isEqualTo(250);
  }

  @Test
  void after_each_full_step_it_pauses_as_long_as_the_step_took() {
    long[] costs = {3 * MS, 7 * MS, 1 * MS};
    int[] step = {0};

    steps.run(
        n -> {
          ticker.spend(costs[step[0]]);
          return ++step[0] < costs.length ? n : n - 1;
        });

    assertThat(ticker.pauses).containsExactly(3 * MS, 7 * MS);
  }

  @Test
  void an_interrupted_run_stops_after_the_step_in_flight_and_keeps_the_interrupt() {
    int[] calls = {0};

    int done =
        steps.run(
            n -> {
              calls[0]++;
              Thread.currentThread().interrupt();
              return n;
            });

    assertThat(calls[0]).isEqualTo(1);
    assertThat(done).isEqualTo(100);
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
  }
}
