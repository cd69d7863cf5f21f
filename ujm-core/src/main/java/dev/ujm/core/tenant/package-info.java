/**
 * Tenants as records: their weights in the fair order of claims and their quotas ({@link
 * dev.ujm.core.tenant.Tenant}), kept by each backend's {@link dev.ujm.core.tenant.TenantStore}.
 */
package dev.ujm.core.tenant;
