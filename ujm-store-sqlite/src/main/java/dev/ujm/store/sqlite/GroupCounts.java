package dev.ujm.store.sqlite;

import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobUpdate;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one group commit changes in {@code job_counts} (the counts per tenant, queue and state that
 * stats read), summed over its successful tasks and written as one row change per count touched
 * just before the commit. Every submit and every move of a job records its audit event with the
 * task ({@link WriteTransaction#changed}), so the events say exactly which counts move; a failed
 * task's events are never kept, so neither are its counts. Deleted jobs (retention) are counted
 * down by a trigger instead (schema step 9): deletes are few and set-based, while a trigger on
 * inserts and moves measurably slows every write. Used by the writer thread only; not thread-safe.
 */
final class GroupCounts {
  private static final String ADD =
      "INSERT INTO job_counts (tenant, queue, state, n) VALUES (ifnull(?, 0), ?, ?, ?)"
          + " ON CONFLICT (tenant, queue, state) DO UPDATE SET n = n + excluded.n";

  private record Count(String tenant, String queue, String state) {}

  private final Map<Count, Long> changes = new HashMap<>();

  /** Adds the counts a successful task's changes move: one down from, one up to. */
  void taskSucceeded(List<JobUpdate> updates) {
    for (JobUpdate update : updates) {
      JobEvent event = update.transition();
      if (event == null || event.from() == event.to()) {
        continue; // a progress report, or a change that left the state as it was
      }
      String tenant = update.job().tenantId();
      String queue = update.job().queue();
      if (event.from() != null) {
        changes.merge(new Count(tenant, queue, event.from().wireName()), -1L, Long::sum);
      }
      changes.merge(new Count(tenant, queue, event.to().wireName()), 1L, Long::sum);
    }
  }

  /** Writes the group's count changes; the writer calls it just before the commit. */
  void writeBeforeCommit(WriteTransaction tx) throws SQLException {
    for (Map.Entry<Count, Long> change : changes.entrySet()) {
      if (change.getValue() != 0) {
        Count count = change.getKey();
        tx.update(ADD, count.tenant(), count.queue(), count.state(), change.getValue());
      }
    }
    changes.clear();
  }

  /** The group failed: none of its changes are counted. */
  void clear() {
    changes.clear();
  }
}
