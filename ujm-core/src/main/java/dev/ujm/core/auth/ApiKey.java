package dev.ujm.core.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * An API key without its secret: what the server knows about the caller once the secret matched.
 * Immutable.
 *
 * @param id the key's public id; written as {@code actor} into the audit trail of every change it
 *     makes
 * @param role what it may do
 * @param tenantId the tenant whose jobs it works on
 * @param userId the user it acts as; jobs it submits are owned by this user
 * @param name a label for people, may be null
 * @param revokedAt when it was revoked; null while active
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKey(
    String id,
    ApiRole role,
    String tenantId,
    String userId,
    String name,
    Instant createdAt,
    Instant revokedAt) {

  public ApiKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  public boolean isActive() {
    return revokedAt == null;
  }

  /**
   * Whether this key is active and has the role, tenant, user and name of {@code wanted}: what
   * {@link ApiKeyStore#ensure} keeps as it is (the secret is compared apart).
   */
  public boolean matches(ApiKey wanted) {
    return isActive()
        && role == wanted.role()
        && tenantId.equals(wanted.tenantId())
        && userId.equals(wanted.userId())
        && Objects.equals(name, wanted.name());
  }

  /** The key as the key audit log describes it. */
  public String auditDetail() {
    return "role=" + role.wireName() + " tenant=" + tenantId + " user=" + userId;
  }

  /** The key {@code wanted} describes, active, keeping this key's creation instant. */
  public ApiKey replacedBy(ApiKey wanted) {
    return new ApiKey(
        id, wanted.role(), wanted.tenantId(), wanted.userId(), wanted.name(), createdAt, null);
  }

  public ApiKey revokedAt(Instant at) {
    return new ApiKey(id, role, tenantId, userId, name, createdAt, at);
  }
}
