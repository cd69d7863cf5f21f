package dev.ujm.store.sqlite;

import dev.ujm.core.tenant.Tenant;
import dev.ujm.core.tenant.TenantDefaults;
import dev.ujm.core.tenant.TenantStore;
import dev.ujm.core.tenant.Usage;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The tenant records of the embedded store, in the same database file as its jobs and written
 * through the same writer, so the claim that follows a put reads the new weight and limit. Reads by
 * id go through the store's {@link TenantRecordCache}, which a put clears for its tenant.
 * Thread-safe.
 */
final class SqliteTenantStore implements TenantStore {
  private final SqliteJobStore jobs;

  SqliteTenantStore(SqliteJobStore jobs) {
    this.jobs = jobs;
  }

  @Override
  public Optional<Tenant> get(String tenantId) {
    return jobs.tenantRecords().get(tenantId, this::read);
  }

  private Optional<Tenant> read(String tenantId) {
    return jobs.readers()
        .read(
            db -> TenantRows.tenants(db.prepare(TenantRows.BY_ID), tenantId).stream().findFirst());
  }

  @Override
  public Tenant put(Tenant tenant) {
    Objects.requireNonNull(tenant, "tenant");
    try {
      jobs.writer()
          .execute(tx -> tx.update(TenantRows.PUT, TenantRows.row(tenant, tx.nowMillis())));
    } finally {
      jobs.tenantRecords().forget(tenant.id());
    }
    return tenant;
  }

  @Override
  public void useDefaults(TenantDefaults defaults) {
    jobs.useTenantDefaults(Objects.requireNonNull(defaults, "defaults"));
  }

  @Override
  public List<Tenant> list() {
    return jobs.readers().read(db -> TenantRows.tenants(db.prepare(TenantRows.ALL)));
  }

  @Override
  public List<Usage> usage(String tenantId, LocalDate from, LocalDate to) {
    return jobs.readers()
        .read(db -> UsageRows.usage(db.prepare(UsageRows.USAGE), tenantId, from, to));
  }
}
