package dev.ujm.server.engine;

import dev.ujm.core.auth.ApiKeyStore;
import dev.ujm.core.files.FileStore;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.store.StoreMaintenance;
import java.util.Optional;

/**
 * The stores of one backend: jobs, API keys and, where the backend keeps them, files (null when it
 * keeps none: the file endpoints then answer 503 and job types that need files refuse their jobs).
 * {@code maintenance} holds the backend's own maintenance tasks (null when none). Closing closes
 * the job and key stores.
 */
public record Stores(JobStore jobs, ApiKeyStore keys, FileStore files, StoreMaintenance maintenance)
    implements AutoCloseable {
  /** A backend that keeps no files and offers no maintenance tasks. */
  public Stores(JobStore jobs, ApiKeyStore keys) {
    this(jobs, keys, null, null);
  }

  /** The backend's maintenance tasks ({@code maintenance} jobs run them), if it offers any. */
  public Optional<StoreMaintenance> storeMaintenance() {
    return Optional.ofNullable(maintenance);
  }

  /** The file store, if this backend keeps files. */
  public Optional<FileStore> fileStore() {
    return Optional.ofNullable(files);
  }

  @Override
  public void close() {
    try {
      keys.close();
    } finally {
      jobs.close();
    }
  }
}
