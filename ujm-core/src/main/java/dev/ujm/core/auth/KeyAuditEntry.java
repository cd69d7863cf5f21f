package dev.ujm.core.auth;

import java.time.Instant;

/**
 * One line of the key audit log: a key was created, revoked or its secret replaced.
 *
 * @param keyId the key changed
 * @param action {@code created}, {@code revoked} or {@code secret replaced}
 * @param actor the id of the key that asked for it, or {@code system} for the bootstrap admin key
 * @param detail role, tenant and user of the key, for people
 */
public record KeyAuditEntry(String keyId, String action, String actor, String detail, Instant at) {}
