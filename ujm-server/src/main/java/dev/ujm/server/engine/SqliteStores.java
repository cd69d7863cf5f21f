package dev.ujm.server.engine;

import dev.ujm.core.auth.ApiKeyStore;
import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.files.DataDirectoryFileStore;
import dev.ujm.core.files.FileStore;
import dev.ujm.core.store.JobStore;
import dev.ujm.store.sqlite.SqliteApiKeyStore;
import dev.ujm.store.sqlite.SqliteJobStore;
import dev.ujm.store.sqlite.SqliteStoreMaintenance;
import java.nio.file.Path;
import java.time.InstantSource;

/**
 * The embedded backend: jobs and keys in {@code <data dir>/ujm.db}, files in {@code <data
 * dir>/files}.
 */
public final class SqliteStores implements StoreFactory {
  /** The database file's name in the data directory. */
  public static final String DATABASE_FILE = "ujm.db";

  /** The directory of stored files in the data directory. */
  public static final String FILES_DIRECTORY = "files";

  @Override
  public Stores open(UjmConfig config, InstantSource clock) {
    Path database = config.dataDir().resolve(DATABASE_FILE);
    JobStore jobs = SqliteJobStore.open(database, clock);
    try {
      FileStore files =
          DataDirectoryFileStore.open(config.dataDir().resolve(FILES_DIRECTORY), clock);
      ApiKeyStore keys = SqliteApiKeyStore.open(database);
      return new Stores(jobs, keys, files, new SqliteStoreMaintenance(database));
    } catch (RuntimeException e) { // the key store or the file store did not open
      jobs.close();
      throw e;
    }
  }
}
