package dev.ujm.store.tck;

import org.junit.jupiter.api.Nested;

/**
 * The whole storage contract of {@link JobStoreContract} and, on top, fair claims across tenants
 * ({@link FairnessContract}: weighted shares by cost, strict priority within a tenant, {@code
 * maxRunning} held by the claim). A store whose claims are fair extends this class instead of
 * {@link JobStoreContract}; the in-memory and embedded stores do. The distributed store does not
 * claim fairly yet (it serves each queue's jobs by priority, then in submit order, whatever their
 * tenant), so it runs the rest of the contract only.
 */
public abstract class FairJobStoreContract extends JobStoreContract {

  @Nested
  class Fairness extends FairnessContract {
    Fairness() {
      super(FairJobStoreContract.this);
    }
  }
}
