package dev.ujm.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The table of named moves and its pure function, move by move. */
class TransitionTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant NOW = T0.plusSeconds(60);

  private static Job jobIn(JobState state) {
    return new JobBuilder()
        .id("job-1")
        .type("noop")
        .queue("noop")
        .state(state)
        .attempt(state == JobState.PROCESSING ? 1 : 0)
        .workerId(state == JobState.PROCESSING ? "w1" : null)
        .leaseUntil(state == JobState.PROCESSING ? T0.plusSeconds(30) : null)
        .createdAt(T0)
        .updatedAt(T0)
        .build();
  }

  private static MoveArgs everything() {
    return new MoveArgs(
        null,
        null,
        "w2",
        NOW.plusSeconds(30),
        Json.mapper().createObjectNode().put("ok", true),
        new JobError("Boom", "boom", 1, NOW),
        NOW.plusSeconds(600),
        Json.mapper().createObjectNode().put("batch", 1));
  }

  @ParameterizedTest
  @EnumSource(Transition.class)
  void a_move_starts_only_from_the_states_of_its_row(Transition move) {
    for (JobState state : JobState.values()) {
      if (move.isSubmit()) {
        continue;
      }
      if (move.from().contains(state)) {
        Transition.Move made = move.apply(jobIn(state), everything(), NOW);
        assertThat(made.job().state()).isEqualTo(move.to());
        assertThat(made.job().updatedAt()).isEqualTo(NOW);
        assertThat(made.event().transition()).isEqualTo(move);
        assertThat(made.event().from()).isEqualTo(state);
        assertThat(made.event().at()).isEqualTo(NOW);
      } else {
        assertThatThrownBy(() -> move.apply(jobIn(state), everything(), NOW))
            .isInstanceOf(IllegalTransitionException.class);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Transition.class)
  void a_wire_name_parses_back(Transition move) {
    assertThat(Transition.parse(move.wireName())).isEqualTo(move);
    assertThat(move.wireName()).matches("[a-z]+(-[a-z]+)*");
  }

  @Test
  void the_state_table_is_the_union_of_the_moves() {
    for (JobState from : JobState.values()) {
      for (JobState to : JobState.values()) {
        assertThat(from.canMoveTo(to))
            .as("%s -> %s", from, to)
            .isEqualTo(!Transition.between(from, to).isEmpty());
      }
    }
  }

  @Test
  void a_claim_counts_the_attempt_and_keeps_the_first_start() {
    Job queued = jobIn(JobState.QUEUED).toBuilder().attempt(1).startedAt(T0).build();

    Transition.Move claimed =
        Transition.CLAIM.apply(queued, MoveArgs.claim("w2", NOW.plusSeconds(30)), NOW);

    assertThat(claimed.job().attempt()).isEqualTo(2);
    assertThat(claimed.job().workerId()).isEqualTo("w2");
    assertThat(claimed.job().leaseUntil()).isEqualTo(NOW.plusSeconds(30));
    assertThat(claimed.job().startedAt()).isEqualTo(T0);
    assertThat(claimed.event().workerId()).isEqualTo("w2");
    assertThat(claimed.event().actor()).isEqualTo("worker");
    assertThat(claimed.event().reason()).isEqualTo("claimed");
  }

  @Test
  void a_hand_back_gives_the_attempt_back_and_names_the_worker_that_held_it() {
    Transition.Move released =
        Transition.RELEASE.apply(jobIn(JobState.PROCESSING), MoveArgs.defaults(), NOW);

    assertThat(released.job().attempt()).isZero();
    assertThat(released.job().workerId()).isNull();
    assertThat(released.job().leaseUntil()).isNull();
    assertThat(released.event().workerId()).isEqualTo("w1");
    assertThat(released.event().reason()).isEqualTo("released");
  }

  @Test
  void a_retry_allows_one_more_attempt_and_clears_what_the_last_one_left() {
    Job failed =
        jobIn(JobState.PROCESSING).toBuilder()
            .state(JobState.FAILED)
            .attempt(3)
            .finishedAt(T0)
            .leaseUntil(null)
            .build();

    Transition.Move retried = Transition.RETRY.apply(failed, MoveArgs.by("alice", null), NOW);

    assertThat(retried.job().maxAttempts()).isEqualTo(4);
    assertThat(retried.job().finishedAt()).isNull();
    assertThat(retried.job().workerId()).isNull();
    assertThat(retried.event().actor()).isEqualTo("alice");
    assertThat(retried.event().reason()).isEqualTo("retried");
  }

  @Test
  void a_move_that_needs_a_value_refuses_to_guess_it() {
    assertThatThrownBy(
            () -> Transition.CLAIM.apply(jobIn(JobState.QUEUED), MoveArgs.defaults(), NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workerId");
    assertThatThrownBy(
            () -> Transition.FAIL.apply(jobIn(JobState.PROCESSING), MoveArgs.defaults(), NOW))
        .hasMessageContaining("error");
  }

  @Test
  void a_new_job_takes_the_store_defaults() {
    NewJob job = NewJob.ofType("email").dependsOn(List.of("p")).build();

    Transition.Move submitted =
        Transition.submitted(Transition.forNewJob(true, null, NOW), job, "job-9", NOW);

    assertThat(submitted.job().state()).isEqualTo(JobState.WAITING);
    assertThat(submitted.job().queue()).isEqualTo("email");
    assertThat(submitted.job().priority()).isEqualTo(Priority.MEDIUM);
    assertThat(submitted.job().maxAttempts()).isEqualTo(Transition.DEFAULT_MAX_ATTEMPTS);
    assertThat(submitted.job().payload().isObject()).isTrue();
    assertThat(submitted.event().from()).isNull();
    assertThat(submitted.event().actor()).isEqualTo("system");
    assertThat(submitted.event().transition()).isEqualTo(Transition.SUBMIT_WAITING);
    assertThat(Transition.forNewJob(false, NOW.plusSeconds(1), NOW))
        .isEqualTo(Transition.SUBMIT_SCHEDULED);
    assertThat(Transition.forNewJob(false, NOW, NOW)).isEqualTo(Transition.SUBMIT);
  }
}
