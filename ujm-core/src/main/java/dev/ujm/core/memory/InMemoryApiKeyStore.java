package dev.ujm.core.memory;

import dev.ujm.core.auth.ApiKey;
import dev.ujm.core.auth.ApiKeyNotFoundException;
import dev.ujm.core.auth.ApiKeyStore;
import dev.ujm.core.auth.KeyAuditEntry;
import dev.ujm.core.store.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Keeps keys in memory; for tests and applications that use UJM as a library. Thread-safe (one
 * lock).
 */
public final class InMemoryApiKeyStore implements ApiKeyStore {
  private final TreeMap<String, ApiKey> keys = new TreeMap<>();
  private final Map<String, String> hashById = new HashMap<>();
  private final Map<String, String> idByHash = new HashMap<>();
  private final List<KeyAuditEntry> audit = new ArrayList<>();

  @Override
  public synchronized void create(ApiKey key, String secretHash, String actor) {
    if (keys.containsKey(key.id())) {
      throw new IllegalArgumentException("an API key with id " + key.id() + " exists");
    }
    if (idByHash.containsKey(secretHash)) {
      throw new IllegalArgumentException("an API key with this secret exists");
    }
    put(key, secretHash);
    audit.add(new KeyAuditEntry(key.id(), "created", actor, describe(key), key.createdAt()));
  }

  @Override
  public synchronized ApiKey ensure(ApiKey key, String secretHash, String actor) {
    ApiKey current = keys.get(key.id());
    if (current == null) {
      create(key, secretHash, actor);
      return key;
    }
    boolean same = current.matches(key) && secretHash.equals(hashById.get(key.id()));
    if (same) {
      return current;
    }
    String owner = idByHash.get(secretHash);
    if (owner != null && !owner.equals(key.id())) {
      throw new IllegalArgumentException("another API key has this secret");
    }
    idByHash.remove(hashById.get(key.id()));
    ApiKey replaced = current.replacedBy(key);
    put(replaced, secretHash);
    audit.add(
        new KeyAuditEntry(key.id(), "secret replaced", actor, describe(replaced), key.createdAt()));
    return replaced;
  }

  @Override
  public synchronized Optional<ApiKey> findBySecretHash(String secretHash) {
    return Optional.ofNullable(idByHash.get(secretHash)).map(keys::get);
  }

  @Override
  public synchronized Optional<ApiKey> get(String keyId) {
    return Optional.ofNullable(keys.get(keyId));
  }

  @Override
  public synchronized Page<ApiKey> list(String tenantId, String cursor, int limit) {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be 1 to 1000, not " + limit);
    }
    var tail = cursor == null ? keys.values() : keys.tailMap(cursor, false).values();
    List<ApiKey> page = new ArrayList<>();
    for (ApiKey key : tail) {
      if (tenantId == null || tenantId.equals(key.tenantId())) {
        if (page.size() == limit) {
          return new Page<>(page, page.get(page.size() - 1).id());
        }
        page.add(key);
      }
    }
    return new Page<>(page, null);
  }

  @Override
  public synchronized ApiKey revoke(String keyId, String actor, Instant at) {
    ApiKey key = keys.get(keyId);
    if (key == null) {
      throw new ApiKeyNotFoundException(keyId);
    }
    if (!key.isActive()) {
      return key;
    }
    ApiKey revoked = key.revokedAt(at);
    keys.put(keyId, revoked);
    audit.add(new KeyAuditEntry(keyId, "revoked", actor, describe(key), at));
    return revoked;
  }

  @Override
  public synchronized List<KeyAuditEntry> auditTrail(String keyId) {
    return audit.stream().filter(e -> e.keyId().equals(keyId)).toList();
  }

  @Override
  public void close() {}

  private void put(ApiKey key, String secretHash) {
    keys.put(key.id(), key);
    hashById.put(key.id(), secretHash);
    idByHash.put(secretHash, key.id());
  }

  static String describe(ApiKey key) {
    return key.auditDetail();
  }
}
