package dev.ujm.core.tenant;

import java.util.Objects;

/**
 * A tenant as an operator configured it: its name, its weight in the fair order of claims and its
 * quotas. A tenant without a record is served with {@link #defaults(String)}; whatever a record
 * leaves out (the weight, each quota) comes from the configured {@link TenantDefaults}.
 *
 * @param id the tenant id API keys and jobs carry
 * @param name a label for people; the id when none is given
 * @param weight its share of a contended queue relative to the other tenants with work there: a
 *     tenant of weight 3 gets three times the cost units of a tenant of weight 1; positive, or null
 *     for the default weight ({@link TenantDefaults#weightOf})
 * @param quotas its limits; none when null
 */
public record Tenant(String id, String name, Double weight, TenantQuotas quotas) {
  /** The weight of a tenant that names none when no default is configured. */
  public static final double DEFAULT_WEIGHT = 1.0;

  public Tenant {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("a tenant id must not be blank");
    }
    name = name == null || name.isBlank() ? id : name;
    if (weight != null && (!(weight > 0) || weight.isInfinite())) {
      throw new IllegalArgumentException("a tenant's weight must be a positive number: " + weight);
    }
    quotas = quotas == null ? TenantQuotas.NONE : quotas;
  }

  /** What a tenant without a record is: its id as name, the default weight and quotas. */
  public static Tenant defaults(String id) {
    return new Tenant(id, null, null, null);
  }
}
