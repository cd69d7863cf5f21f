package dev.ujm.store.redismongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.ujm.core.audit.AccessEntry;
import dev.ujm.core.audit.AccessLog;
import dev.ujm.core.audit.AccessQuery;
import dev.ujm.core.store.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The access audit in {@code access_audit}, one document per line with its sequence number as
 * {@code _id}. Every node numbers its lines from one shared counter (a document of {@code counters}
 * raised by the batch's size in one update), so the numbers keep append order across nodes and
 * pages go newest first by {@code _id}. A batch is one ordered {@code insertMany}. Thread-safe.
 */
final class MongoAccessLog implements AccessLog {
  private static final String COUNTER_ID = "access_audit";
  private static final String LAST = "last";
  private static final String ID = "_id";
  private static final String KEY = "keyId";
  private static final String TENANT = "tenantId";
  private static final String ACTION = "action";
  private static final String TARGET = "target";
  private static final String OUTCOME = "outcome";
  private static final String REQUEST = "requestId";
  private static final String AT = "atN";

  private final MongoCollection<Document> lines;
  private final MongoCollection<Document> counters;

  MongoAccessLog(MongoBackend mongo) {
    this.lines = mongo.collection(MongoBackend.ACCESS_AUDIT);
    this.counters = mongo.collection(MongoBackend.COUNTERS);
  }

  @Override
  public void append(List<AccessEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    long last =
        MongoFaults.call(
                "numbering access lines",
                () ->
                    counters.findOneAndUpdate(
                        eq(ID, COUNTER_ID),
                        Updates.inc(LAST, (long) entries.size()),
                        new FindOneAndUpdateOptions()
                            .upsert(true)
                            .returnDocument(ReturnDocument.AFTER)))
            .getLong(LAST);
    long seq = last - entries.size();
    List<Document> docs = new ArrayList<>(entries.size());
    for (AccessEntry e : entries) {
      docs.add(
          new Document(ID, ++seq)
              .append(KEY, e.keyId())
              .append(TENANT, e.tenantId())
              .append(ACTION, e.action())
              .append(TARGET, e.target())
              .append(OUTCOME, e.outcome())
              .append(REQUEST, e.requestId())
              .append(AT, JobDocuments.nanos(e.at())));
    }
    MongoFaults.call("storing access lines", () -> lines.insertMany(docs));
  }

  @Override
  public Page<AccessEntry> find(AccessQuery query) {
    List<Bson> filters = new ArrayList<>();
    filters.add(lt(ID, query.before()));
    NewestFirst.addEq(filters, TENANT, query.tenantId());
    NewestFirst.addEq(filters, KEY, query.keyId());
    NewestFirst.addEq(filters, ACTION, query.action());
    if (query.from() != null) {
      filters.add(gte(AT, JobDocuments.nanos(query.from())));
    }
    if (query.to() != null) {
      filters.add(lt(AT, JobDocuments.nanos(query.to())));
    }
    List<AccessEntry> page =
        MongoFaults.call(
            "reading access lines",
            () ->
                lines
                    .find(and(filters))
                    .sort(Sorts.descending(ID))
                    .limit(query.limit() + 1)
                    .map(MongoAccessLog::entry)
                    .into(new ArrayList<>()));
    return NewestFirst.page(page, query.limit(), line -> String.valueOf(line.seq()));
  }

  @Override
  public int purge(Instant before, int limit) {
    List<Long> oldest =
        MongoFaults.call(
            "reading access lines",
            () ->
                lines
                    .find(lt(AT, JobDocuments.nanos(before)))
                    .sort(Sorts.ascending(ID))
                    .limit(limit)
                    .projection(Projections.include(ID))
                    .map(doc -> doc.getLong(ID))
                    .into(new ArrayList<>()));
    if (oldest.isEmpty()) {
      return 0;
    }
    return (int)
        MongoFaults.call("purging access lines", () -> lines.deleteMany(in(ID, oldest)))
            .getDeletedCount();
  }

  private static AccessEntry entry(Document doc) {
    return new AccessEntry(
        doc.getLong(ID),
        doc.getString(KEY),
        doc.getString(TENANT),
        doc.getString(ACTION),
        doc.getString(TARGET),
        doc.getInteger(OUTCOME),
        doc.getString(REQUEST),
        JobDocuments.instant(doc.getLong(AT)));
  }
}
