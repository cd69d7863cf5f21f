package dev.ujm.store.redismongo;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import dev.ujm.core.tenant.Tenant;
import dev.ujm.core.tenant.TenantDefaults;
import dev.ujm.core.tenant.TenantStore;
import dev.ujm.core.tenant.Usage;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bson.Document;

/**
 * Tenant records in the {@code tenants} collection, one document per tenant with the record as
 * JSON, so every node reads what any node put; the usage comes from {@link MongoUsage}. A record
 * put is mirrored into Redis, where the claim reads its weight and {@code maxRunning} (the {@link
 * Reconciler} mirrors them all again, so one Redis missed is put right). Thread-safe.
 */
final class MongoTenantStore implements TenantStore {
  private static final String JSON = "json";

  private final MongoCollection<Document> tenants;
  private final MongoUsage usage;
  private final RedisQueue queue;

  MongoTenantStore(MongoBackend mongo, MongoUsage usage, RedisQueue queue) {
    this.tenants = mongo.collection(MongoBackend.TENANTS);
    this.usage = usage;
    this.queue = queue;
  }

  @Override
  public Optional<Tenant> get(String tenantId) {
    Document doc =
        MongoFaults.call("reading a tenant", () -> tenants.find(eq("_id", tenantId)).first());
    return Optional.ofNullable(doc).map(MongoTenantStore::tenant);
  }

  /**
   * Hands the defaults to the claim: the mirror of every record is written again with them, and a
   * tenant without a record claims with them.
   */
  @Override
  public void useDefaults(TenantDefaults defaults) {
    queue.useDefaults(Objects.requireNonNull(defaults, "defaults"));
    queue.mirror(list());
  }

  @Override
  public Tenant put(Tenant tenant) {
    Objects.requireNonNull(tenant, "tenant");
    Document doc = new Document("_id", tenant.id()).append(JSON, JobDocuments.write(tenant));
    MongoFaults.call(
        "storing a tenant",
        () -> tenants.replaceOne(eq("_id", tenant.id()), doc, new ReplaceOptions().upsert(true)));
    queue.mirror(List.of(tenant));
    return tenant;
  }

  @Override
  public List<Tenant> list() {
    return MongoFaults.call(
        "reading tenants",
        () ->
            tenants
                .find()
                .sort(Sorts.ascending("_id"))
                .map(MongoTenantStore::tenant)
                .into(new ArrayList<>()));
  }

  @Override
  public List<Usage> usage(String tenantId, LocalDate from, LocalDate to) {
    return usage.usage(tenantId, from, to);
  }

  private static Tenant tenant(Document doc) {
    return JobDocuments.read(doc.getString(JSON), Tenant.class);
  }
}
