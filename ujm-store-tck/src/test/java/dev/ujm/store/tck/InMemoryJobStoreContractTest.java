package dev.ujm.store.tck;

import dev.ujm.core.memory.InMemoryJobStore;
import dev.ujm.core.store.JobStore;
import dev.ujm.test.ManualClock;

/** The reference store passes the whole contract. */
class InMemoryJobStoreContractTest extends JobStoreContract {
  @Override
  protected JobStore newStore(ManualClock clock) {
    return new InMemoryJobStore(clock);
  }
}
