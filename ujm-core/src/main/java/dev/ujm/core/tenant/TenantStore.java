package dev.ujm.core.tenant;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The tenant records of a backend and their metered usage, a sibling of {@link
 * dev.ujm.core.store.JobStore} kept in the same data set: the job store's claim reads a tenant's
 * weight and {@code maxRunning} from here in the same step as it claims, and every move of a job
 * counts its tenant's {@link Usage} in that move's own step. Thread-safe; {@code ujm-store-tck}'s
 * {@code TenantContract} and {@code UsageContract} are its executable form.
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

  /**
   * The weight and {@code maxRunning} of a tenant without a record, or whose record leaves them out
   * ({@link TenantDefaults#weightOf}, {@link TenantDefaults#maxRunningOf}); the next claim uses
   * them. The engine hands them over once, from {@code UJM_TENANT_DEFAULT_*}, before it starts;
   * until then a store uses {@link TenantDefaults#NONE}.
   */
  void useDefaults(TenantDefaults defaults);

  /** Every tenant record, by id. */
  List<Tenant> list();

  /**
   * A tenant's usage from {@code from} to {@code to} (UTC days, both included), one row per day and
   * job type that has any, by day and then type.
   *
   * @param tenantId the tenant; null for jobs without one
   */
  List<Usage> usage(String tenantId, LocalDate from, LocalDate to);
}
