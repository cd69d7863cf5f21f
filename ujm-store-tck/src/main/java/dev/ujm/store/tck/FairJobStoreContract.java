package dev.ujm.store.tck;

import org.junit.jupiter.api.Nested;

/**
 * The whole storage contract of {@link JobStoreContract} and, on top, fair claims across tenants
 * ({@link FairnessContract}: weighted shares by cost, strict priority within a tenant, {@code
 * maxRunning} held by the claim). A store whose claims are fair extends this class instead of
 * {@link JobStoreContract}; the in-memory, embedded and distributed stores all do.
 */
public abstract class FairJobStoreContract extends JobStoreContract {

  @Nested
  class Fairness extends FairnessContract {
    Fairness() {
      super(FairJobStoreContract.this);
    }
  }
}
