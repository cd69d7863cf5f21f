package dev.ujm.store.sqlite;

import dev.ujm.core.auth.ApiKeyStore;
import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.store.StoreProvider;
import dev.ujm.core.store.Stores;
import java.nio.file.Path;
import java.time.InstantSource;

/** {@code UJM_STORE=sqlite}, the default: jobs and keys in {@code <data dir>/ujm.db}. */
public final class SqliteStoreProvider implements StoreProvider {
  /** The database file's name in the data directory. */
  public static final String DATABASE_FILE = "ujm.db";

  @Override
  public String name() {
    return "sqlite";
  }

  @Override
  public Stores open(UjmConfig config, InstantSource clock) {
    Path database = config.dataDir().resolve(DATABASE_FILE);
    SqliteJobStore jobs = SqliteJobStore.open(database, clock);
    try {
      ApiKeyStore keys = SqliteApiKeyStore.open(database);
      return new Stores(jobs, keys).withScheduling(jobs.schedules(), jobs.workflows());
    } catch (RuntimeException e) {
      jobs.close();
      throw e;
    }
  }
}
