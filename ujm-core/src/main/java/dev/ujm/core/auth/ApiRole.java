package dev.ujm.core.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a key may do, highest first. Each role may do everything the roles below it may, within the
 * reach it has: a user or readonly key its own jobs, an admin the whole of its own tenant, an
 * operator every tenant.
 */
public enum ApiRole {
  /**
   * The whole system: every tenant (named with {@code ?tenant=}), tenants and their quotas, worker
   * pools and queue controls, the access audit. The bootstrap key is an operator key.
   */
  OPERATOR,
  /** Everything inside its own tenant and nothing outside it; manages its tenant's keys. */
  ADMIN,
  /** Submits jobs and reads, cancels and retries its own. */
  USER,
  /** Reads its own jobs; cannot submit, cancel or retry. */
  READONLY;

  /** Whether this role may do what {@code lowest} may: it is that role or one above it. */
  public boolean isAtLeast(ApiRole lowest) {
    return ordinal() <= lowest.ordinal();
  }

  /** Whether this role may submit, cancel, retry and clone. */
  public boolean canWrite() {
    return isAtLeast(USER);
  }

  /** Whether this role sees every job of the tenant it works on, not only its user's. */
  public boolean seesWholeTenant() {
    return isAtLeast(ADMIN);
  }

  /** Whether this role may work on a tenant other than its key's. */
  public boolean crossesTenants() {
    return this == OPERATOR;
  }

  /** The wire name: {@code operator}, {@code admin}, {@code user} or {@code readonly}. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a wire name (case-insensitive).
   *
   * @throws IllegalArgumentException for anything but operator, admin, user or readonly
   */
  @JsonCreator
  public static ApiRole parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "role must be operator, admin, user or readonly, not '" + name + "'");
    }
  }
}
