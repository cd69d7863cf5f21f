package dev.ujm.core.tenant;

import java.util.List;
import java.util.Optional;

/**
 * The tenant records of a backend, a sibling of {@link dev.ujm.core.store.JobStore} kept in the
 * same data set: the job store's claim reads a tenant's weight and {@code maxRunning} from here in
 * the same step as it claims. Thread-safe; {@code ujm-store-tck}'s {@code TenantContract} is its
 * executable form.
 */
public interface TenantStore {

  /** The record of a tenant, or empty when it has none (it is then served with the defaults). */
  Optional<Tenant> get(String tenantId);

  /**
   * Creates the tenant's record, or replaces the whole record when there is one. The next claim
   * uses the new weight and limits.
   *
   * @return the record as stored
   */
  Tenant put(Tenant tenant);

  /** Every tenant record, by id. */
  List<Tenant> list();
}
