package dev.ujm.server.bench;

import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.engine.Ujm;
import dev.ujm.core.model.JobUpdate;
import dev.ujm.store.sqlite.SqliteJobStore;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One UJM node on a fresh embedded store in a scratch directory, with its schedules and workflows,
 * the diagnostic job types and every default duty, as {@code ./ujm serve} runs it. A listener sees
 * every committed change on the store's committing thread, so it must be quick. Closing stops the
 * node and deletes the data.
 */
final class BenchNode implements AutoCloseable {
  private final Path dir;
  private final SqliteJobStore store;
  final Ujm ujm;

  /**
   * @param workers the pool size of every queue
   * @param listener sees each committed change, before the node starts
   */
  BenchNode(int workers, Consumer<JobUpdate> listener) {
    this(Map.of("UJM_WORKERS", String.valueOf(workers)), listener);
  }

  /**
   * @param settings the node's {@code UJM_*} settings (logs stay at warnings)
   * @param listener sees each committed change, before the node starts
   */
  BenchNode(Map<String, String> settings, Consumer<JobUpdate> listener) {
    dir = ScratchDirectory.create("ujm-bench");
    store = SqliteJobStore.open(dir.resolve("ujm.db"), InstantSource.system());
    store.addListener(listener);
    Map<String, String> all = new java.util.HashMap<>(settings);
    all.put("LOG_LEVEL", "WARN");
    UjmConfig config = UjmConfig.from(all);
    ujm =
        Ujm.builder()
            .store(store)
            .schedules(store.schedules())
            .workflows(store.workflows())
            .config(config)
            .nodeId("bench")
            .diagnosticTypes(true)
            .build();
  }

  @Override
  public void close() {
    ujm.close();
    store.close();
    ScratchDirectory.delete(dir);
  }
}
