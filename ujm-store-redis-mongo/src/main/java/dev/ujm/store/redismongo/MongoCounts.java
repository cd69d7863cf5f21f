package dev.ujm.store.redismongo;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.Transition.Move;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * How many jobs each tenant has per queue and state, in {@code job_counts}: one document per tenant
 * and queue, a field per state, raised and lowered with {@code $inc} (an upsert) right after the
 * job writes it counts, one bulk write for a batch. So {@code stats()} reads a document per tenant
 * and queue, however many jobs there are, instead of counting documents.
 *
 * <p>Like {@link MongoUsage}, without a transaction a node that dies between a job write and its
 * count loses that one change of the count. A database that has jobs but no counts yet (made by an
 * earlier version) is counted once, by the first node that opens it ({@link #buildIfMissing}).
 * Thread-safe.
 */
final class MongoCounts {
  private static final String TENANT = "tenantId";
  private static final String QUEUE = "queue";
  private static final String BUILT = "job_counts";

  private final MongoCollection<Document> rows;
  private final MongoCollection<Document> counters;

  MongoCounts(MongoBackend mongo) {
    this.rows = mongo.collection(MongoBackend.JOB_COUNTS);
    this.counters = mongo.collection(MongoBackend.COUNTERS);
  }

  /** Counts newly stored jobs. */
  void added(Collection<Document> jobDocs) {
    Map<String, Row> changed = new LinkedHashMap<>();
    jobDocs.forEach(doc -> row(changed, doc).add(doc.getString(JobDocuments.STATE), 1));
    write(changed.values());
  }

  /** Counts deleted jobs (purged, or taken back by a failed submit). */
  void removed(Collection<Document> jobDocs) {
    Map<String, Row> changed = new LinkedHashMap<>();
    jobDocs.forEach(doc -> row(changed, doc).add(doc.getString(JobDocuments.STATE), -1));
    write(changed.values());
  }

  /** Counts committed moves, each computed from the document it is keyed by. */
  void moved(Map<Document, Move> moves) {
    Map<String, Row> changed = new LinkedHashMap<>();
    moves.forEach(
        (before, move) -> {
          String from = before.getString(JobDocuments.STATE);
          String to = move.job().state().wireName();
          if (!from.equals(to)) {
            Row row = row(changed, before);
            row.add(from, -1);
            row.add(to, 1);
          }
        });
    write(changed.values());
  }

  /** The counts per queue and state (states with none left out), of one tenant unless null. */
  Map<String, Map<JobState, Long>> counts(String tenantId) {
    Bson filter = tenantId == null ? new Document() : eq(TENANT, tenantId);
    List<Document> found =
        MongoFaults.call("reading job counts", () -> rows.find(filter).into(new ArrayList<>()));
    Map<String, Map<JobState, Long>> counts = new TreeMap<>();
    for (Document row : found) {
      for (JobState state : JobState.values()) {
        Object n = row.get(state.wireName());
        if (n instanceof Number number && number.longValue() > 0) {
          counts
              .computeIfAbsent(row.getString(QUEUE), q -> new EnumMap<>(JobState.class))
              .merge(state, number.longValue(), Long::sum);
        }
      }
    }
    return counts;
  }

  /**
   * Counts the jobs of a database that has none counted yet, once: the node that records first that
   * it builds them counts every job in one aggregation. (A fresh database records it before it
   * holds a job.)
   */
  void buildIfMissing(MongoCollection<Document> jobs) {
    try {
      counters.insertOne(new Document(JobDocuments.ID, BUILT));
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return; // counted already, or being counted by another node
      }
      throw e;
    }
    List<Document> groups =
        jobs.aggregate(
                List.of(
                    Aggregates.group(
                        new Document("t", "$" + JobDocuments.TENANT)
                            .append("q", "$" + JobDocuments.QUEUE)
                            .append("s", "$" + JobDocuments.STATE),
                        Accumulators.sum("n", 1))))
            .into(new ArrayList<>());
    Map<String, Row> changed = new LinkedHashMap<>();
    for (Document group : groups) {
      Document key = group.get(JobDocuments.ID, Document.class);
      Row row = new Row(key.getString("t"), key.getString("q"));
      changed
          .computeIfAbsent(row.id(), id -> row)
          .add(key.getString("s"), ((Number) group.get("n")).longValue());
    }
    write(changed.values());
  }

  private static Row row(Map<String, Row> changed, Document jobDoc) {
    Row row = new Row(jobDoc.getString(JobDocuments.TENANT), jobDoc.getString(JobDocuments.QUEUE));
    return changed.computeIfAbsent(row.id(), id -> row);
  }

  private void write(Collection<Row> changed) {
    List<WriteModel<Document>> writes = new ArrayList<>(changed.size());
    for (Row row : changed) {
      List<Bson> updates = new ArrayList<>();
      updates.add(Updates.setOnInsert(TENANT, row.tenant));
      updates.add(Updates.setOnInsert(QUEUE, row.queue));
      row.by.forEach((state, n) -> updates.add(Updates.inc(state, n)));
      if (!row.by.isEmpty()) {
        writes.add(
            new UpdateOneModel<>(
                eq(JobDocuments.ID, row.id()),
                Updates.combine(updates),
                new UpdateOptions().upsert(true)));
      }
    }
    if (!writes.isEmpty()) {
      MongoFaults.call("counting jobs", () -> rows.bulkWrite(writes, MongoJobs.UNORDERED));
    }
  }

  /** The changes of one tenant's queue, by state. */
  private static final class Row {
    final String tenant;
    final String queue;
    final Map<String, Long> by = new LinkedHashMap<>();

    Row(String tenant, String queue) {
      this.tenant = tenant;
      this.queue = queue;
    }

    void add(String state, long n) {
      if (by.merge(state, n, Long::sum) == 0) {
        by.remove(state);
      }
    }

    /** Tenant and queue; a job without a tenant has rows of its own. */
    String id() {
      return (tenant == null ? "\u0000" : tenant) + "/" + queue;
    }
  }
}
