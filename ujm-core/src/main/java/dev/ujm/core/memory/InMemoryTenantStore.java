package dev.ujm.core.memory;

import dev.ujm.core.tenant.Tenant;
import dev.ujm.core.tenant.TenantDefaults;
import dev.ujm.core.tenant.TenantStore;
import dev.ujm.core.tenant.Usage;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The reference {@link TenantStore}: records beside the jobs of an {@link InMemoryJobStore}, under
 * its lock, so a claim sees a weight or limit as soon as it is put. Thread-safe.
 */
final class InMemoryTenantStore implements TenantStore {
  private final InMemoryJobStore jobs;

  InMemoryTenantStore(InMemoryJobStore jobs) {
    this.jobs = jobs;
  }

  @Override
  public Optional<Tenant> get(String tenantId) {
    return jobs.inRead(table -> Optional.ofNullable(table.tenants().get(tenantId)));
  }

  @Override
  public Tenant put(Tenant tenant) {
    Objects.requireNonNull(tenant, "tenant");
    return jobs.inWrite(
        table -> {
          table.tenants().put(tenant.id(), tenant);
          return tenant;
        });
  }

  @Override
  public void useDefaults(TenantDefaults defaults) {
    jobs.useTenantDefaults(Objects.requireNonNull(defaults, "defaults"));
  }

  @Override
  public List<Tenant> list() {
    return jobs.inRead(table -> List.copyOf(table.tenants().values()));
  }

  @Override
  public List<Usage> usage(String tenantId, LocalDate from, LocalDate to) {
    return jobs.inRead(table -> table.usage().usage(tenantId, from, to));
  }
}
