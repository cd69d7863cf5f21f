package dev.ujm.store.redismongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * The MongoDB side of the store: one client (with its connection pool) per process, the database,
 * its collections, and every index the store's queries need, created from code when the store
 * opens. Every acknowledged write waits for a majority of the replica set with journaling ({@code
 * w: majority, j: true}), so an answered submit survives the loss of the primary. Thread-safe.
 */
final class MongoBackend implements AutoCloseable {
  static final String JOBS = "jobs";
  static final String JOB_EVENTS = "job_events";
  static final String JOB_RESULTS = "job_results";
  static final String JOB_METRICS = "job_metrics";
  static final String API_KEYS = "api_keys";
  static final String KEY_AUDIT = "key_audit";
  static final String SCHEDULES = "schedules";
  static final String SCHEDULE_FIRES = "schedule_fires";
  static final String WORKFLOWS = "workflows";
  static final String TENANTS = "tenants";
  static final String TENANT_USAGE = "tenant_usage";
  static final String ACCESS_AUDIT = "access_audit";
  static final String COUNTERS = "counters";

  /** How long a call waits for a reachable server before it fails as a storage fault. */
  private static final int SERVER_SELECTION_MILLIS = 3000;

  private final MongoClient client;
  private final MongoDatabase database;
  private final String databaseName;

  private MongoBackend(MongoClient client, String databaseName) {
    this.client = client;
    this.databaseName = databaseName;
    this.database =
        client.getDatabase(databaseName).withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
  }

  /**
   * Connects and creates the collections' indexes.
   *
   * @throws dev.ujm.core.store.StorageFaultException when MongoDB cannot be reached
   */
  static MongoBackend open(String uri, String databaseName) {
    MongoClientSettings settings =
        MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString(uri))
            .applyToClusterSettings(
                c -> c.serverSelectionTimeout(SERVER_SELECTION_MILLIS, TimeUnit.MILLISECONDS))
            .applyToSocketSettings(
                s -> s.connectTimeout(SERVER_SELECTION_MILLIS, TimeUnit.MILLISECONDS))
            .applicationName("ujm")
            .build();
    MongoClient client = MongoClients.create(settings);
    MongoBackend backend = new MongoBackend(client, databaseName);
    try {
      MongoFaults.call(
          "creating indexes",
          () -> {
            backend.createIndexes();
            return null;
          });
      return backend;
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  private void createIndexes() {
    collection(JOBS)
        .createIndexes(
            List.of(
                // the revision guard of every write (MongoDB serves it from _id alone; the
                // in-process test server matches an index only when the filter's fields are the
                // index's fields, and scans the collection otherwise)
                new IndexModel(
                    Indexes.ascending("_id", "rev"),
                    new IndexOptions().unique(true).name("revision")),
                // claims and the reconciler: the queued jobs of a queue in claim order
                new IndexModel(Indexes.ascending("state", "queue", "rank", "_id")),
                // the promoter, the orphan reaper and the purger
                new IndexModel(Indexes.ascending("state", "runAtN")),
                new IndexModel(Indexes.ascending("state", "leaseN")),
                new IndexModel(Indexes.ascending("state", "finishedN")),
                new IndexModel(Indexes.ascending("state", "workerId")),
                // listings of a tenant's and an owner's jobs, newest first
                new IndexModel(Indexes.ascending("tenantId", "ownerId", "createdN")),
                // idempotency keys, unique per tenant (the field holds both); a sparse index leaves
                // out the jobs without a key, and unlike a partial one the test server keeps it too
                new IndexModel(
                    Indexes.ascending("idem"),
                    new IndexOptions().unique(true).sparse(true).name("idempotency")),
                new IndexModel(Indexes.ascending("dependsOn")),
                new IndexModel(Indexes.ascending("followUps"))));
    collection(JOB_RESULTS)
        .createIndex(Indexes.ascending("jobId", "seq"), new IndexOptions().unique(true));
    collection(JOB_EVENTS).createIndex(Indexes.ascending("finishedN"));
    // minute buckets of the analytics views expire by themselves
    collection(JOB_METRICS)
        .createIndex(
            Indexes.ascending("expireAt"), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
    collection(API_KEYS)
        .createIndexes(
            List.of(
                new IndexModel(Indexes.ascending("secretHash"), new IndexOptions().unique(true)),
                new IndexModel(Indexes.ascending("tenantId", "_id"))));
    collection(KEY_AUDIT).createIndex(Indexes.ascending("keyId"));
    collection(SCHEDULES)
        .createIndexes(
            List.of(
                new IndexModel(Indexes.ascending("enabled", "nextFireN")),
                new IndexModel(Indexes.ascending("tenantId", "ownerId", "_id"))));
    collection(SCHEDULE_FIRES).createIndex(Indexes.ascending("scheduleId", "_id"));
    // listings of a tenant's and an owner's workflows, newest first
    collection(WORKFLOWS).createIndex(Indexes.ascending("tenantId", "ownerId", "_id"));
    // a tenant's usage over a span of days
    collection(TENANT_USAGE).createIndex(Indexes.ascending("tenantId", "day", "type"));
    // the access audit's purge, oldest first
    collection(ACCESS_AUDIT).createIndex(Indexes.ascending("atN"));
  }

  MongoCollection<Document> collection(String name) {
    return database.getCollection(name);
  }

  String databaseName() {
    return databaseName;
  }

  /** Whether a server answers a ping now. */
  boolean ping() {
    try {
      database.runCommand(new Document("ping", 1));
      return true;
    } catch (MongoException e) {
      return false;
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
