package dev.ujm.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every (from, to) pair of the state machine against the table written out below. */
class JobStateTest {

  /** Rows are the state a job is in, columns the state it would move to; Y = allowed. */
  private static final String TABLE =
      """
                    scheduled  waiting  queued  processing  completed  failed  cancelled
      scheduled     -          -        Y       -           -          -       Y
      waiting       Y          -        Y       -           -          -       Y
      queued        -          -        -       Y           -          -       Y
      processing    Y          -        Y       -           Y          Y       Y
      completed     -          -        -       -           -          -       -
      failed        -          Y        Y       -           -          -       -
      cancelled     -          Y        Y       -           -          -       -
      """;

  static Stream<Arguments> everyPair() {
    List<String> lines = TABLE.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    List<JobState> columns = Stream.of(lines.get(0).split("\\s+")).map(JobState::parse).toList();
    assertThat(columns).containsExactly(JobState.values());
    List<Arguments> pairs = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split("\\s+");
      JobState from = JobState.parse(cells[0]);
      for (int i = 0; i < columns.size(); i++) {
        pairs.add(Arguments.of(from, columns.get(i), cells[i + 1].equals("Y")));
      }
    }
    assertThat(pairs).hasSize(JobState.values().length * JobState.values().length);
    return pairs.stream();
  }

  @ParameterizedTest(name = "{0} -> {1} allowed: {2}")
  @MethodSource("everyPair")
  void the_table_decides_every_move(JobState from, JobState to, boolean allowed) {
    assertThat(from.canMoveTo(to)).isEqualTo(allowed);
    if (allowed) {
      assertThatNoException().isThrownBy(() -> from.checkMoveTo(to, "job-1"));
    } else {
      assertThatThrownBy(() -> from.checkMoveTo(to, "job-1"))
          .isInstanceOfSatisfying(
              IllegalTransitionException.class,
              e -> {
                assertThat(e.from()).isEqualTo(from);
                assertThat(e.to()).isEqualTo(to);
                assertThat(e.getMessage()).contains("job-1", from.wireName(), to.wireName());
              });
    }
  }

  @ParameterizedTest
  @EnumSource(JobState.class)
  void only_completed_failed_and_cancelled_are_final(JobState state) {
    boolean expected =
        state == JobState.COMPLETED || state == JobState.FAILED || state == JobState.CANCELLED;
    assertThat(state.isFinal()).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(JobState.class)
  void a_wire_name_is_lower_case_and_parses_back_in_any_case(JobState state) {
    assertThat(state.wireName()).isEqualTo(state.name().toLowerCase(Locale.ROOT));
    assertThat(JobState.parse(state.wireName())).isEqualTo(state);
    assertThat(JobState.parse(" " + state.name() + " ")).isEqualTo(state);
  }

  @ParameterizedTest
  @EnumSource(JobState.class)
  void the_wire_name_is_what_json_shows(JobState state) throws Exception {
    String json = Json.mapper().writeValueAsString(state);

    assertThat(json).isEqualTo("\"" + state.wireName() + "\"");
    assertThat(Json.mapper().readValue(json, JobState.class)).isEqualTo(state);
  }

  @Test
  void an_unknown_state_name_is_rejected() {
    assertThatThrownBy(() -> JobState.parse("running"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("running");
  }
}
