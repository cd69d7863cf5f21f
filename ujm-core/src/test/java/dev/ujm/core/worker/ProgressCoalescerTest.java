package dev.ujm.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ujm.core.eta.AttemptEta;
import dev.ujm.core.memory.InMemoryJobStore;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.Progress;
import dev.ujm.core.model.StaleLeaseException;
import dev.ujm.core.store.ClaimRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProgressCoalescerTest {
  private final SettableClock clock = new SettableClock();
  private final InMemoryJobStore store = new InMemoryJobStore(clock);
  private final List<Progress> written = Collections.synchronizedList(new ArrayList<>());
  private Job job;
  private ProgressCoalescer coalescer;

  @BeforeEach
  void claimOneJob() {
    store.submit(NewJob.ofType("sleep").build());
    job = store.claim(ClaimRequest.of("sleep", "node/boot", 1, Duration.ofSeconds(30))).get(0);
    store.addListener(
        update -> {
          if (!update.isStateChange()) {
            written.add(update.job().progress());
          }
        });
    coalescer = new ProgressCoalescer(job.lease(), store, clock, AttemptEta.NONE);
  }

  @Test
  void the_first_report_is_written_at_once() {
    coalescer.offer(Progress.of(1, 100, "one"));

    assertThat(written).extracting(Progress::current).containsExactly(1L);
  }

  @Test
  void reports_within_the_gap_are_coalesced_to_the_latest_and_written_when_the_gap_has_passed() {
    for (int i = 1; i <= 1_000; i++) {
      coalescer.offer(Progress.of(i, 1_000, "step " + i));
    }
    assertThat(written).hasSize(1);
    assertThat(coalescer.flushDue()).isFalse();

    clock.advance(ProgressCoalescer.MIN_GAP);

    assertThat(coalescer.flushDue()).isTrue();
    assertThat(written).extracting(Progress::current).containsExactly(1L, 1_000L);
    assertThat(store.get(job.id()).orElseThrow().progress().current()).isEqualTo(1_000L);
    assertThat(coalescer.flushDue()).isFalse();
  }

  @Test
  void each_write_carries_the_time_left_predicted_when_it_is_written() {
    var predicted = new ProgressCoalescer(job.lease(), store, clock, etaAtWrite());
    predicted.offer(Progress.of(1, 10, null));
    predicted.offer(Progress.of(2, 10, null));
    clock.advance(Duration.ofSeconds(3));

    predicted.flushDue();

    assertThat(written).extracting(Progress::etaSeconds).containsExactly(100L, 97L);
  }

  /** A prediction of 100 seconds from the first write on, counting down by the clock. */
  private AttemptEta etaAtWrite() {
    var from = clock.instant();
    return (reported, now) ->
        new Progress(
            reported.percent(),
            reported.message(),
            reported.current(),
            reported.total(),
            100 - Duration.between(from, now).toSeconds());
  }

  @Test
  void a_report_after_the_gap_is_written_at_once() {
    coalescer.offer(Progress.of(1, 10, null));
    clock.advance(Duration.ofSeconds(1));
    coalescer.offer(Progress.of(2, 10, null));

    assertThat(written).extracting(Progress::current).containsExactly(1L, 2L);
    assertThat(coalescer.hasPending()).isFalse();
  }

  @Test
  void at_the_end_of_an_attempt_a_pending_report_is_written_at_once_without_waiting_for_the_gap() {
    coalescer.offer(Progress.of(1, 10, null));
    coalescer.offer(Progress.of(10, 10, null));
    coalescer.flushNow();

    assertThat(written).extracting(Progress::current).containsExactly(1L, 10L);
    assertThat(store.get(job.id()).orElseThrow().progress().current()).isEqualTo(10L);
    assertThat(coalescer.hasPending()).isFalse();
  }

  @Test
  void at_the_end_of_an_attempt_nothing_is_written_when_no_report_is_pending() {
    coalescer.offer(Progress.of(1, 10, null));
    coalescer.flushNow();

    assertThat(written).hasSize(1);
  }

  @Test
  void a_write_after_the_lease_was_lost_is_rejected_as_stale() {
    store.release(job.lease(), "test");

    assertThatThrownBy(() -> coalescer.offer(Progress.of(1, 10, null)))
        .isInstanceOf(StaleLeaseException.class);
  }
}
