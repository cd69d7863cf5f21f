package dev.ujm.store.redismongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.ujm.core.auth.ApiKey;
import dev.ujm.core.auth.ApiKeyNotFoundException;
import dev.ujm.core.auth.ApiKeyStore;
import dev.ujm.core.auth.KeyAuditEntry;
import dev.ujm.core.store.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * API keys in MongoDB: {@code api_keys} (one document per key with the hash of its secret, never
 * the secret; a unique index on the hash) and {@code key_audit} (who did what to which key, kept
 * for good). A revoke is written to MongoDB first, then announced on a Redis channel, so every
 * node's key cache drops the key within a second ({@link #onRevoked}). Thread-safe.
 */
final class MongoApiKeyStore implements ApiKeyStore {
  private static final String HASH = "secretHash";
  private static final String TENANT = "tenantId";
  private static final String KEY = "key";
  private static final String KEY_ID = "keyId";
  private static final String ENTRY = "entry";

  private final MongoBackend mongo;
  private final MongoCollection<Document> keys;
  private final MongoCollection<Document> audit;
  private final RedisChannels channels;
  private final String revokedChannel;
  private final List<Consumer<String>> revokedListeners = new CopyOnWriteArrayList<>();

  MongoApiKeyStore(MongoBackend mongo, RedisChannels channels) {
    this.mongo = mongo;
    this.keys = mongo.collection(MongoBackend.API_KEYS);
    this.audit = mongo.collection(MongoBackend.KEY_AUDIT);
    this.channels = channels;
    this.revokedChannel = channels.channel("keys:revoked");
    channels.subscribe(revokedChannel, this::revoked);
  }

  @Override
  public void create(ApiKey key, String secretHash, String actor) {
    try {
      MongoFaults.call("storing an API key", () -> keys.insertOne(document(key, secretHash)));
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        throw new IllegalArgumentException(
            e.getMessage().contains(HASH)
                ? "an API key with this secret exists"
                : "an API key with id " + key.id() + " exists");
      }
      throw e;
    }
    record(new KeyAuditEntry(key.id(), "created", actor, key.auditDetail(), key.createdAt()));
  }

  @Override
  public ApiKey ensure(ApiKey key, String secretHash, String actor) {
    Document current = find(eq("_id", key.id()));
    if (current == null) {
      try {
        create(key, secretHash, actor);
        return key;
      } catch (IllegalArgumentException raced) {
        current = find(eq("_id", key.id()));
        if (current == null) {
          throw raced;
        }
      }
    }
    ApiKey existing = keyOf(current);
    if (existing.matches(key) && secretHash.equals(current.getString(HASH))) {
      return existing;
    }
    Document owner = find(eq(HASH, secretHash));
    if (owner != null && !owner.getString("_id").equals(key.id())) {
      throw new IllegalArgumentException("another API key has this secret");
    }
    ApiKey replaced = existing.replacedBy(key);
    MongoFaults.call(
        "replacing an API key",
        () -> keys.replaceOne(eq("_id", key.id()), document(replaced, secretHash)));
    record(
        new KeyAuditEntry(
            key.id(), "secret replaced", actor, replaced.auditDetail(), key.createdAt()));
    return replaced;
  }

  @Override
  public Optional<ApiKey> findBySecretHash(String secretHash) {
    return Optional.ofNullable(find(eq(HASH, secretHash))).map(MongoApiKeyStore::keyOf);
  }

  @Override
  public Optional<ApiKey> get(String keyId) {
    return Optional.ofNullable(find(eq("_id", keyId))).map(MongoApiKeyStore::keyOf);
  }

  @Override
  public Page<ApiKey> list(String tenantId, String cursor, int limit) {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be 1 to 1000, not " + limit);
    }
    List<Bson> filters = new ArrayList<>();
    if (tenantId != null) {
      filters.add(eq(TENANT, tenantId));
    }
    if (cursor != null) {
      filters.add(gt("_id", cursor));
    }
    Bson filter = filters.isEmpty() ? new Document() : and(filters);
    List<ApiKey> page =
        MongoFaults.call(
            "listing API keys",
            () ->
                keys.find(filter)
                    .sort(Sorts.ascending("_id"))
                    .limit(limit + 1)
                    .map(MongoApiKeyStore::keyOf)
                    .into(new ArrayList<>()));
    if (page.size() > limit) {
      List<ApiKey> items = page.subList(0, limit);
      return new Page<>(items, items.getLast().id());
    }
    return new Page<>(page, null);
  }

  @Override
  public ApiKey revoke(String keyId, String actor, Instant at) {
    Document doc = find(eq("_id", keyId));
    if (doc == null) {
      throw new ApiKeyNotFoundException(keyId);
    }
    ApiKey key = keyOf(doc);
    if (!key.isActive()) {
      return key;
    }
    ApiKey revoked = key.revokedAt(at);
    long changed =
        MongoFaults.call(
                "revoking an API key",
                () ->
                    keys.updateOne(
                        and(eq("_id", keyId), eq(KEY, doc.getString(KEY))),
                        Updates.set(KEY, JobDocuments.write(revoked))))
            .getModifiedCount();
    if (changed == 0) {
      return get(keyId).orElseThrow(() -> new ApiKeyNotFoundException(keyId));
    }
    record(new KeyAuditEntry(keyId, "revoked", actor, key.auditDetail(), at));
    revoked(keyId);
    channels.publish(revokedChannel, keyId);
    return revoked;
  }

  @Override
  public List<KeyAuditEntry> auditTrail(String keyId) {
    return MongoFaults.call(
        "reading the key audit",
        () ->
            audit
                .find(eq(KEY_ID, keyId))
                .sort(Sorts.ascending("_id"))
                .map(d -> JobDocuments.read(d.getString(ENTRY), KeyAuditEntry.class))
                .into(new ArrayList<>()));
  }

  @Override
  public void onRevoked(Consumer<String> listener) {
    revokedListeners.add(listener);
  }

  @Override
  public boolean isReady() {
    return mongo.ping();
  }

  /** Nothing to close: the backends belong to the job store, which closes them. */
  @Override
  public void close() {}

  private void revoked(String keyId) {
    revokedListeners.forEach(listener -> listener.accept(keyId));
  }

  private void record(KeyAuditEntry entry) {
    MongoFaults.call(
        "writing the key audit",
        () ->
            audit.insertOne(
                new Document(KEY_ID, entry.keyId()).append(ENTRY, JobDocuments.write(entry))));
  }

  private Document find(Bson filter) {
    return MongoFaults.call("reading an API key", () -> keys.find(filter).first());
  }

  private static Document document(ApiKey key, String secretHash) {
    return new Document("_id", key.id())
        .append(HASH, secretHash)
        .append(TENANT, key.tenantId())
        .append(KEY, JobDocuments.write(key));
  }

  private static ApiKey keyOf(Document doc) {
    return JobDocuments.read(doc.getString(KEY), ApiKey.class);
  }
}
