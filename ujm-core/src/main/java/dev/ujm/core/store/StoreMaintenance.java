package dev.ujm.core.store;

import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Maintenance a store can do on request, by task name: for the embedded store {@code
 * integrity-check}, {@code checkpoint-wal} and {@code incremental-vacuum}; a distributed store
 * names its own (index checks, a queue rebuild). Each task works in small steps so that submits and
 * claims keep flowing meanwhile, stops between steps once {@code cancelled} turns true, and reports
 * what it did. Implementations are thread-safe; running two tasks at once is allowed but not
 * useful.
 */
public interface StoreMaintenance {

  /** The task names this store runs, in the order they are best run. */
  List<String> tasks();

  /**
   * Runs one task.
   *
   * @throws IllegalArgumentException for a task not in {@link #tasks()}
   */
  Report run(String task, BooleanSupplier cancelled);

  /**
   * What one task did.
   *
   * @param task its name
   * @param ok false when it found a problem (a failed integrity check) or could not finish
   * @param summary one sentence for people
   * @param details the numbers behind it (pages freed, WAL frames, problems found, …)
   */
  record Report(String task, boolean ok, String summary, Map<String, Object> details) {
    public Report {
      details = Map.copyOf(details);
    }
  }
}
