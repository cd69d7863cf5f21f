package dev.ujm.core.auth;

import dev.ujm.core.model.JobIds;
import dev.ujm.core.store.Page;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Issues, checks and revokes API keys over an {@link ApiKeyStore}. Secrets are generated here,
 * returned once by {@link #issue}, and never stored or logged. Successful look-ups are cached for a
 * few seconds so that checking a key costs one hash on the hot path; a revoke clears the cache at
 * once, on this node and, through {@link ApiKeyStore#onRevoked}, on every node of a shared backend.
 * Thread-safe.
 */
public final class ApiKeys {
  /**
   * The id of the bootstrap key ({@code UJM_ADMIN_KEY} or the generated admin key file), an
   * operator key.
   */
  public static final String BOOTSTRAP_ADMIN_ID = "admin";

  /** The tenant and user of the bootstrap admin key. */
  public static final String DEFAULT_TENANT = "default";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@:-]{1,128}");
  private static final Duration CACHE_FOR = Duration.ofSeconds(5);

  private final ApiKeyStore store;
  private final InstantSource clock;
  private final JobIds ids;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  /** A new key and its secret, which exists only in this answer. */
  public record IssuedKey(ApiKey key, String secret) {}

  private record Cached(ApiKey key, long until) {}

  public ApiKeys(ApiKeyStore store, InstantSource clock) {
    this.store = store;
    this.clock = clock;
    this.ids = new JobIds(clock);
    store.onRevoked(keyId -> cache.clear()); // revoked on another node: forget at once here too
  }

  /**
   * Creates a key.
   *
   * @param name a label, may be null
   * @param actor the id of the key that asks, for the key audit log
   * @throws InvalidApiKeyException when the tenant, user or name is missing or malformed
   */
  public IssuedKey issue(ApiRole role, String tenantId, String userId, String name, String actor) {
    check("tenantId", tenantId);
    check("userId", userId);
    if (name != null && name.length() > 200) {
      throw new InvalidApiKeyException("name", "name must be at most 200 characters");
    }
    String secret = ApiKeySecrets.generate();
    ApiKey key =
        new ApiKey("key-" + ids.next(), role, tenantId, userId, name, clock.instant(), null);
    store.create(key, ApiKeySecrets.hash(secret), actor);
    return new IssuedKey(key, secret);
  }

  /**
   * Makes the bootstrap key (id {@value #BOOTSTRAP_ADMIN_ID}, role operator, tenant and user
   * {@value #DEFAULT_TENANT} and {@code admin}) match this secret. A bootstrap key stored as an
   * admin key by an earlier version becomes an operator key here; every other stored key keeps its
   * role.
   */
  public ApiKey bootstrapAdmin(String secret) {
    cache.clear();
    return store.ensure(bootstrapKey(clock.instant()), ApiKeySecrets.hash(secret), "system");
  }

  /** The bootstrap key as it is stored, created at {@code at}. */
  public static ApiKey bootstrapKey(java.time.Instant at) {
    return new ApiKey(
        BOOTSTRAP_ADMIN_ID,
        ApiRole.OPERATOR,
        DEFAULT_TENANT,
        "admin",
        "bootstrap operator key",
        at,
        null);
  }

  /** The active key with this secret, or empty for an unknown or revoked one. */
  public Optional<ApiKey> authenticate(String secret) {
    if (secret == null || secret.isBlank()) {
      return Optional.empty();
    }
    String hash = ApiKeySecrets.hash(secret.trim());
    long now = clock.millis();
    Cached cached = cache.get(hash);
    if (cached != null && cached.until() > now) {
      return Optional.of(cached.key());
    }
    Optional<ApiKey> key = store.findBySecretHash(hash).filter(ApiKey::isActive);
    key.ifPresentOrElse(
        k -> cache.put(hash, new Cached(k, now + CACHE_FOR.toMillis())), () -> cache.remove(hash));
    return key;
  }

  /**
   * Revokes a key; it stops working at once on this node and within seconds on others.
   *
   * @throws ApiKeyNotFoundException when there is no such key
   * @throws ProtectedKeyException for the bootstrap admin key
   */
  public ApiKey revoke(String keyId, String actor) {
    if (BOOTSTRAP_ADMIN_ID.equals(keyId)) {
      throw new ProtectedKeyException(
          "the bootstrap admin key cannot be revoked through the API; change UJM_ADMIN_KEY or the admin key file and restart");
    }
    ApiKey revoked = store.revoke(keyId, actor, clock.instant());
    cache.clear();
    return revoked;
  }

  public Optional<ApiKey> get(String keyId) {
    return store.get(keyId);
  }

  /** Keys in order of creation; {@code tenantId} null lists every tenant's. */
  public Page<ApiKey> list(String tenantId, String cursor, int limit) {
    return store.list(tenantId, cursor, limit);
  }

  public ApiKeyStore store() {
    return store;
  }

  /** Whether a text is a well-formed tenant or user name: 1 to 128 of {@code A-Za-z0-9_.@:-}. */
  public static boolean isName(String value) {
    return value != null && NAME.matcher(value).matches();
  }

  /** Whether a text has the form of a key id: the bootstrap admin's, or one {@link #issue} made. */
  public static boolean isKeyId(String value) {
    return BOOTSTRAP_ADMIN_ID.equals(value)
        || (value != null && value.startsWith("key-") && JobIds.isWellFormed(value.substring(4)));
  }

  private static void check(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidApiKeyException(field, field + " is required");
    }
    if (!NAME.matcher(value).matches()) {
      throw new InvalidApiKeyException(
          field,
          field + " must be 1 to 128 letters, digits or any of _ . @ : -, not '" + value + "'");
    }
  }
}
