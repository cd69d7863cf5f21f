package dev.ujm.store.sqlite;

import dev.ujm.core.model.JobState;
import dev.ujm.core.model.Transition;
import java.util.stream.Collectors;

/**
 * The SQL form of the one table of moves: the {@code WHERE} clause that lets a statement change
 * only jobs in a state the move starts from, written from {@link Transition#from()} rather than by
 * hand, so the SQL cannot drift from the table. Stateless.
 */
final class MoveSql {
  private MoveSql() {}

  /** {@code state = 'x'} or {@code state IN ('x', 'y')} for the states the move starts from. */
  static String startsFrom(Transition move) {
    if (move.from().size() == 1) {
      return "state = " + literal(move.from().iterator().next());
    }
    return move.from().stream()
        .map(MoveSql::literal)
        .collect(Collectors.joining(", ", "state IN (", ")"));
  }

  /** A state as an SQL string literal; wire names are plain lower-case words. */
  static String literal(JobState state) {
    return "'" + state.wireName() + "'";
  }
}
