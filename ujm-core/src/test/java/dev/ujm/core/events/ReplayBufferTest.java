package dev.ujm.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ujm.core.model.JobIds;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.Progress;
import dev.ujm.core.model.Transition;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayBufferTest {
  private static final Instant AT = Instant.parse("2026-01-01T00:00:00.123456789Z");

  private static JobChange stateChange(long seq, String id) {
    return new JobChange(
        seq,
        JobChange.Kind.STATE,
        id,
        "acme",
        "alice",
        "noop",
        "default",
        JobState.PROCESSING,
        JobState.QUEUED,
        Transition.CLAIM,
        2,
        "node-1/worker-3",
        null,
        AT.plusSeconds(seq),
        1.5);
  }

  @Test
  void an_event_comes_back_equal_to_what_was_kept() {
    String id = new JobIds(InstantSource.system()).next();
    JobChange claimed = stateChange(1, id);
    JobChange progress =
        new JobChange(
            2,
            JobChange.Kind.PROGRESS,
            id,
            "acme",
            null,
            "noop",
            "default",
            JobState.PROCESSING,
            null,
            null,
            2,
            "node-1/worker-3",
            Progress.of(1, 2, "half"),
            AT,
            0.0);
    JobChange submitted =
        new JobChange(
            3,
            JobChange.Kind.STATE,
            "job-not-a-uuid",
            "acme",
            "alice",
            "noop",
            "default",
            JobState.QUEUED,
            null,
            Transition.SUBMIT,
            0,
            null,
            null,
            null,
            1.0);
    ReplayBuffer buffer = new ReplayBuffer(8);
    buffer.add(claimed);
    buffer.add(progress);
    buffer.add(submitted);

    assertThat(buffer.after(0, change -> true)).containsExactly(claimed, progress, submitted);
  }

  @Test
  void a_uuid_in_another_spelling_is_kept_as_it_was_written() {
    String upper = "01A2239D-4534-729F-96F3-2563E13CBF68";
    String shortened = "1a2239d-4534-729f-96f3-2563e13cbf68";
    ReplayBuffer buffer = new ReplayBuffer(4);
    buffer.add(stateChange(1, upper));
    buffer.add(stateChange(2, shortened));

    assertThat(buffer.after(0, change -> true))
        .extracting(JobChange::jobId)
        .containsExactly(upper, shortened);
    assertThat(ReplayBuffer.isCanonicalUuid("01a2239d-4534-729f-96f3-2563e13cbf68")).isTrue();
    assertThat(ReplayBuffer.isCanonicalUuid(upper)).isFalse();
  }

  @Test
  void a_full_buffer_keeps_the_latest_events_in_order() {
    ReplayBuffer buffer = new ReplayBuffer(5);
    List<JobChange> all = new ArrayList<>();
    for (long seq = 1; seq <= 12; seq++) {
      JobChange change = stateChange(seq, "job-" + seq);
      all.add(change);
      buffer.add(change);
    }

    assertThat(buffer.firstSeq()).isEqualTo(8);
    assertThat(buffer.lastSeq()).isEqualTo(12);
    assertThat(buffer.after(0, change -> true)).containsExactlyElementsOf(all.subList(7, 12));
    assertThat(buffer.after(10, change -> true)).containsExactlyElementsOf(all.subList(10, 12));
    assertThat(buffer.after(9, change -> change.seq() % 2 == 0))
        .extracting(JobChange::seq)
        .containsExactly(10L, 12L);
    assertThat(buffer.after(12, change -> true)).isEmpty();
  }

  @Test
  void an_empty_buffer_holds_nothing_after_any_number() {
    ReplayBuffer buffer = new ReplayBuffer(3);

    assertThat(buffer.lastSeq()).isZero();
    assertThat(buffer.firstSeq()).isEqualTo(1);
    assertThat(buffer.after(0, change -> true)).isEmpty();
  }

  @Test
  void an_event_out_of_sequence_is_refused() {
    ReplayBuffer buffer = new ReplayBuffer(3);
    buffer.add(stateChange(1, "a"));

    assertThatThrownBy(() -> buffer.add(stateChange(3, "c")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not follow 1");
    assertThat(buffer.after(0, change -> true)).extracting(JobChange::seq).containsExactly(1L);
  }

  @Test
  void repeated_names_are_kept_as_one_string() {
    ReplayBuffer buffer = new ReplayBuffer(4);
    buffer.add(stateChange(1, "a"));
    JobChange second = stateChange(2, "b");
    JobChange copy =
        new JobChange(
            second.seq(),
            second.kind(),
            second.jobId(),
            new String("acme".toCharArray()),
            second.ownerId(),
            second.type(),
            second.queue(),
            second.state(),
            second.from(),
            second.transition(),
            second.attempt(),
            second.workerId(),
            second.progress(),
            second.at(),
            second.cost());
    buffer.add(copy);

    List<JobChange> kept = buffer.after(0, change -> true);
    assertThat(kept.get(1).tenantId()).isSameAs(kept.get(0).tenantId());
  }
}
