package dev.ujm.server.http;

import dev.ujm.core.auth.ApiRole;

/**
 * What a route asks of the caller's key: the lowest role that may call it. Together with the route
 * list in {@link ApiRoutes}, which gives every endpoint one of these, this is the one table of who
 * may call what (docs/api.md, "Roles"). What a role that may call an endpoint then sees is its
 * reach ({@link Caller}): a user or readonly key its own jobs, an admin its tenant, an operator the
 * tenant it names with {@code ?tenant=}.
 */
public enum Access {
  /** No key: health, readiness, metrics, the API description, the pages. */
  PUBLIC(null),
  /** Any active key: reads, limited to what the key may see. */
  READ(ApiRole.READONLY),
  /** A key that may write (user and above): submit, cancel, retry, clone. */
  WRITE(ApiRole.USER),
  /** An admin of the tenant, or an operator: the tenant's keys, queue counts, the monitor. */
  ADMIN(ApiRole.ADMIN),
  /** An operator only: what spans tenants (tenants, worker pools, queue controls, the audit). */
  OPERATOR(ApiRole.OPERATOR);

  private final ApiRole lowest;

  Access(ApiRole lowest) {
    this.lowest = lowest;
  }

  /** The lowest role that may call a route of this access; null for a public one. */
  public ApiRole lowestRole() {
    return lowest;
  }

  /** Whether a key of this role may call a route of this access. */
  public boolean allows(ApiRole role) {
    return lowest == null || role.isAtLeast(lowest);
  }
}
