package dev.ujm.store.sqlite;

import dev.ujm.core.auth.ApiKeyStore;
import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.files.DataDirectoryFileStore;
import dev.ujm.core.files.FileStore;
import dev.ujm.core.store.StoreProvider;
import dev.ujm.core.store.Stores;
import java.nio.file.Path;
import java.time.InstantSource;

/**
 * {@code UJM_STORE=sqlite}, the default: jobs and keys in {@code <data dir>/ujm.db}, files in
 * {@code <data dir>/files}.
 */
public final class SqliteStoreProvider implements StoreProvider {
  /** The database file's name in the data directory. */
  public static final String DATABASE_FILE = "ujm.db";

  /** The directory of stored files in the data directory. */
  public static final String FILES_DIRECTORY = "files";

  @Override
  public String name() {
    return "sqlite";
  }

  @Override
  public Stores open(UjmConfig config, InstantSource clock) {
    Path database = config.dataDir().resolve(DATABASE_FILE);
    SqliteJobStore jobs = SqliteJobStore.open(database, clock);
    try {
      FileStore files =
          DataDirectoryFileStore.open(config.dataDir().resolve(FILES_DIRECTORY), clock);
      ApiKeyStore keys = SqliteApiKeyStore.open(database);
      return new Stores(jobs, keys)
          .withFiles(files, new SqliteStoreMaintenance(database))
          .withScheduling(jobs.schedules(), jobs.workflows())
          .withTenants(jobs.tenants())
          .withAccessLog(jobs.accessLog())
          .withMetrics(jobs.metrics());
    } catch (RuntimeException e) { // the key store or the file store did not open
      jobs.close();
      throw e;
    }
  }
}
