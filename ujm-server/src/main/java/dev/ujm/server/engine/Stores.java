package dev.ujm.server.engine;

import dev.ujm.core.auth.ApiKeyStore;
import dev.ujm.core.store.JobStore;

/** The stores of one backend: jobs and API keys. Closing closes both. */
public record Stores(JobStore jobs, ApiKeyStore keys) implements AutoCloseable {
  @Override
  public void close() {
    try {
      keys.close();
    } finally {
      jobs.close();
    }
  }
}
