package dev.ujm.core.tenant;

import dev.ujm.core.config.ConfigException;
import dev.ujm.core.config.SettingValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a tenant without a record gets, and what a record gets for each thing it leaves out: the
 * weight ({@code UJM_TENANT_DEFAULT_WEIGHT}, 1 when unset) and the quotas ({@link
 * TenantQuotaDefaults}, {@code maxRunning} from {@code UJM_TENANT_DEFAULT_MAX_RUNNING} included). A
 * store's fair claim reads the weight and {@code maxRunning} through {@link #weightOf} and {@link
 * #maxRunningOf} ({@link TenantStore#useDefaults} hands them over); the submit quotas read the
 * rest. Immutable.
 *
 * @param weight the weight of a tenant that names none
 * @param quotas the quotas of a tenant without a record, each null one no limit
 */
public record TenantDefaults(double weight, TenantQuotas quotas) {
  /** Weight 1 and no limits: what a tenant gets when nothing is configured. */
  public static final TenantDefaults NONE = new TenantDefaults(Tenant.DEFAULT_WEIGHT, null);

  /** The largest weight a setting may give. */
  static final double MAX_WEIGHT = 1_000_000;

  public TenantDefaults {
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("a default weight must be a positive number: " + weight);
    }
    quotas = quotas == null ? TenantQuotas.NONE : quotas;
  }

  /**
   * Reads {@code UJM_TENANT_DEFAULT_*}.
   *
   * @throws ConfigException listing every bad value
   */
  public static TenantDefaults from(Map<String, String> settings) {
    List<String> errors = new ArrayList<>();
    double weight =
        SettingValues.positive(
            settings,
            TenantQuotaDefaults.PREFIX + "WEIGHT",
            Tenant.DEFAULT_WEIGHT,
            MAX_WEIGHT,
            errors);
    TenantQuotas quotas = null;
    try {
      quotas = TenantQuotaDefaults.from(settings);
    } catch (ConfigException e) {
      errors.addAll(0, e.problems());
    }
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return new TenantDefaults(weight, quotas);
  }

  /** The weight of a tenant: its record's, else the default. */
  public double weightOf(Tenant record) {
    return record == null || record.weight() == null ? weight : record.weight();
  }

  /** The {@code maxRunning} of a tenant (null: no limit): its record's, else the default. */
  public Integer maxRunningOf(Tenant record) {
    Integer own = record == null ? null : record.quotas().maxRunning();
    return own != null ? own : quotas.maxRunning();
  }
}
