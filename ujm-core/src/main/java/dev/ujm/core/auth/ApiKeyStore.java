package dev.ujm.core.auth;

import dev.ujm.core.store.Page;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where API keys live. Keeps only the SHA-256 of each secret, never the secret. Every change writes
 * its {@link KeyAuditEntry} in the same atomic step. All methods are thread-safe; a method that
 * throws has changed nothing.
 */
public interface ApiKeyStore extends AutoCloseable {

  /**
   * Stores a new key with the hash of its secret.
   *
   * @param actor who creates it (a key id or {@code system}), written to the key audit log
   * @throws IllegalArgumentException when a key with this id or this secret hash exists
   */
  void create(ApiKey key, String secretHash, String actor);

  /**
   * Makes sure a key with this id exists, is active and has exactly this secret, role, tenant and
   * user: creates it, or replaces what differs (action {@code secret replaced}). Writes nothing
   * when it is already so. Used for the bootstrap admin key, whose secret comes from {@code
   * UJM_ADMIN_KEY} or the admin key file.
   *
   * @return the key as stored
   */
  ApiKey ensure(ApiKey key, String secretHash, String actor);

  /** The key whose secret has this hash, active or revoked. */
  Optional<ApiKey> findBySecretHash(String secretHash);

  /** The key with this id, active or revoked. */
  Optional<ApiKey> get(String keyId);

  /**
   * Keys in order of creation (id order), one page at a time.
   *
   * @param tenantId only this tenant's keys; null for all
   * @param cursor the {@code nextCursor} of the previous page, or null
   * @param limit page size, 1 to 1000
   */
  Page<ApiKey> list(String tenantId, String cursor, int limit);

  /**
   * Revokes a key: it authenticates no more. Revoking a revoked key changes nothing and returns it
   * as it is.
   *
   * @throws ApiKeyNotFoundException when no key has this id
   */
  ApiKey revoke(String keyId, String actor, Instant at);

  /** The key audit log of one key, oldest first. */
  List<KeyAuditEntry> auditTrail(String keyId);

  /**
   * Registers a listener called with the id of every key revoked through this backend, by this
   * process or another one sharing it, so that caches of authenticated keys drop it at once. A
   * backend one process owns has no one else to hear from and may ignore it (the default).
   */
  default void onRevoked(Consumer<String> listener) {}

  /** Whether the backend answers now. */
  default boolean isReady() {
    return true;
  }

  @Override
  void close();
}
