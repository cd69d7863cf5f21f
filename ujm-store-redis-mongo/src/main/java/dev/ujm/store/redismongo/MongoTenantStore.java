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
 * JSON, so every node reads what any node put; the usage comes from {@link MongoUsage}.
 * Thread-safe.
 */
final class MongoTenantStore implements TenantStore {
  private static final String JSON = "json";

  private final MongoCollection<Document> tenants;
  private final MongoUsage usage;
  private volatile TenantDefaults defaults = TenantDefaults.NONE;

  MongoTenantStore(MongoBackend mongo, MongoUsage usage) {
    this.tenants = mongo.collection(MongoBackend.TENANTS);
    this.usage = usage;
  }

  @Override
  public Optional<Tenant> get(String tenantId) {
    Document doc =
        MongoFaults.call("reading a tenant", () -> tenants.find(eq("_id", tenantId)).first());
    return Optional.ofNullable(doc).map(MongoTenantStore::tenant);
  }

  /**
   * Kept for the fair claim, which is to read a tenant's weight and {@code maxRunning} through
   * {@link TenantDefaults#weightOf} and {@link TenantDefaults#maxRunningOf} of these; this store's
   * claim does not read tenants yet.
   */
  @Override
  public void useDefaults(TenantDefaults defaults) {
    this.defaults = Objects.requireNonNull(defaults, "defaults");
  }

  /** The defaults the engine handed over ({@link TenantDefaults#NONE} before). */
  TenantDefaults defaults() {
    return defaults;
  }

  @Override
  public Tenant put(Tenant tenant) {
    Objects.requireNonNull(tenant, "tenant");
    Document doc = new Document("_id", tenant.id()).append(JSON, JobDocuments.write(tenant));
    MongoFaults.call(
        "storing a tenant",
        () -> tenants.replaceOne(eq("_id", tenant.id()), doc, new ReplaceOptions().upsert(true)));
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
