package dev.ujm.store.sqlite;

import dev.ujm.core.store.JobStore;
import dev.ujm.store.tck.JobStoreContract;
import dev.ujm.test.ManualClock;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The whole storage contract against a fresh SQLite file per test. */
class SqliteJobStoreContractTest extends JobStoreContract {
  @TempDir Path dir;

  @Override
  protected JobStore newStore(ManualClock clock) {
    return SqliteJobStore.open(dir.resolve("data").resolve("ujm.db"), clock);
  }
}
