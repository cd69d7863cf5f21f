package dev.ujm.core.memory;

import dev.ujm.core.audit.InMemoryAccessLog;
import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.store.StoreProvider;
import dev.ujm.core.store.Stores;
import java.time.InstantSource;

/**
 * {@code UJM_STORE=memory}: jobs and keys in memory, gone when the process stops. For trying UJM
 * out and for tests; nothing accepted survives a restart.
 */
public final class MemoryStoreProvider implements StoreProvider {
  @Override
  public String name() {
    return "memory";
  }

  @Override
  public Stores open(UjmConfig config, InstantSource clock) {
    InMemoryJobStore jobs = new InMemoryJobStore(clock);
    return new Stores(jobs, new InMemoryApiKeyStore())
        .withScheduling(jobs.schedules(), jobs.workflows())
        .withTenants(jobs.tenants())
        .withAccessLog(new InMemoryAccessLog())
        .withMetrics(jobs.metrics());
  }
}
