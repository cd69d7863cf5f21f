package dev.ujm.api;

/**
 * Body of {@code POST /api/v2/keys}.
 *
 * @param role {@code operator}, {@code admin}, {@code user} or {@code readonly}
 * @param tenantId the tenant whose jobs the key works on
 * @param userId the user the key acts as; jobs it submits are owned by this user
 * @param name a label for people, optional
 */
public record CreateKeyRequest(String role, String tenantId, String userId, String name) {}
