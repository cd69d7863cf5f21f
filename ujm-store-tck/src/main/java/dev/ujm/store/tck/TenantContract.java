package dev.ujm.store.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.core.tenant.Tenant;
import dev.ujm.core.tenant.TenantQuotas;
import dev.ujm.core.tenant.TenantStore;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tenant records: kept whole, replaced whole, listed by id, shared by every node of a backend. */
public abstract class TenantContract extends StoreContractBase {
  private static final TenantQuotas EVERY_QUOTA =
      new TenantQuotas(2, 100, 1_000, 65_536L, Set.of("noop", "crawl"), 5_000.0, 600, 60);

  private TenantStore tenants;

  protected TenantContract(JobStoreContract contract) {
    super(contract);
  }

  @BeforeEach
  void openTenants() {
    tenants = tenantsOf(store);
  }

  @Test
  void a_tenant_without_a_record_has_none() {
    assertThat(tenants.get("acme")).isEmpty();
    assertThat(tenants.list()).isEmpty();
  }

  @Test
  void a_record_comes_back_with_every_quota_as_it_was_put() {
    Tenant acme = new Tenant("acme", "Acme Corp", 3.0, EVERY_QUOTA);

    assertThat(tenants.put(acme)).isEqualTo(acme);

    assertThat(tenants.get("acme")).contains(acme);
  }

  @Test
  void a_record_without_name_weight_or_quotas_gets_the_defaults() {
    tenants.put(new Tenant("acme", null, null, null));

    assertThat(tenants.get("acme")).contains(new Tenant("acme", "acme", null, TenantQuotas.NONE));
  }

  @Test
  void a_put_replaces_the_whole_record() {
    tenants.put(new Tenant("acme", "Acme", 3.0, EVERY_QUOTA));

    tenants.put(new Tenant("acme", "Acme", 2.0, null));

    assertThat(tenants.get("acme")).contains(new Tenant("acme", "Acme", 2.0, TenantQuotas.NONE));
  }

  @Test
  void records_are_listed_by_id() {
    tenants.put(Tenant.defaults("globex"));
    tenants.put(Tenant.defaults("acme"));
    tenants.put(Tenant.defaults("initech"));

    assertThat(tenants.list()).extracting(Tenant::id).containsExactly("acme", "globex", "initech");
  }

  @Test
  void a_second_node_on_the_same_backend_reads_the_records() {
    Tenant acme = new Tenant("acme", "Acme", 2.0, EVERY_QUOTA);
    tenants.put(acme);

    assertThat(tenantsOf(openAnother(store)).get("acme")).contains(acme);
  }
}
