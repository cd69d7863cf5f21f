package dev.ujm.store.redismongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lte;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.Transition.Move;
import dev.ujm.core.tenant.Usage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Metered usage in {@code tenant_usage}, one document per tenant, UTC day and job type, raised with
 * {@code $inc} (an upsert) right after the job write it counts (see {@link Usage} for what counts).
 * MongoDB has no transaction here, so a node that dies between the two writes loses that one count;
 * the job itself is never affected. Thread-safe.
 */
final class MongoUsage {
  /** When the attempt in progress was claimed, on the job's document (epoch nanoseconds). */
  static final String ATTEMPT_START = "attemptStartN";

  private static final String TENANT = "tenantId";
  private static final String DAY = "day";
  private static final String TYPE = "type";
  private static final String SUBMITTED = "submitted";
  private static final String ATTEMPTS = "attempts";
  private static final String COMPLETED = "completed";
  private static final String FAILED = "failed";
  private static final String RUNNING_MILLIS = "runningMillis";
  private static final String COST = "costUnits";
  private static final String RESULT_BYTES = "resultBytes";

  private final MongoCollection<Document> rows;

  MongoUsage(MongoBackend mongo) {
    this.rows = mongo.collection(MongoBackend.TENANT_USAGE);
  }

  /** Counts newly stored jobs (an idempotent repeat stores none). */
  void submitted(List<Document> jobDocs) {
    Map<String, Row> byKey = new LinkedHashMap<>();
    for (Document doc : jobDocs) {
      Instant created = JobDocuments.instant(doc.getLong(JobDocuments.CREATED));
      Row row = new Row(doc.getString(JobDocuments.TENANT), day(created), doc.getString(TYPE));
      row.inc.put(SUBMITTED, 1L);
      byKey.merge(row.id(), row, Row::plus);
    }
    write(byKey.values());
  }

  /**
   * Counts the ends of attempts among committed moves, each computed from the document it is keyed
   * by: one write for all of them.
   */
  void moved(Map<Document, Move> moves) {
    Map<String, Row> byKey = new LinkedHashMap<>();
    moves.forEach(
        (before, move) -> {
          Row row = attemptEnd(before, move);
          if (row != null) {
            byKey.merge(row.id(), row, Row::plus);
          }
        });
    write(byKey.values());
  }

  /** What ends with {@code move} when it takes the job of {@code before} out of its attempt. */
  private static Row attemptEnd(Document before, Move move) {
    if (!JobState.PROCESSING.wireName().equals(before.getString(JobDocuments.STATE))
        || move.job().state() == JobState.PROCESSING) {
      return null;
    }
    Instant now = move.event().at();
    Long started = before.getLong(ATTEMPT_START);
    Row row = new Row(move.job().tenantId(), day(now), move.job().type());
    row.inc.put(
        RUNNING_MILLIS,
        started == null ? 0L : Duration.between(JobDocuments.instant(started), now).toMillis());
    if (move.job().attempt() >= ((Number) before.get(JobDocuments.ATTEMPT)).intValue()) {
      row.inc.put(ATTEMPTS, 1L); // not handed back
      row.inc.put(COST, move.job().cost());
    }
    if (move.job().state() == JobState.COMPLETED) {
      row.inc.put(COMPLETED, 1L);
      row.inc.put(RESULT_BYTES, bytes(move.job().result()));
    } else if (move.job().state() == JobState.FAILED) {
      row.inc.put(FAILED, 1L);
    }
    return row;
  }

  /** Counts result items written by the job of {@code jobDoc}. */
  void resultItems(Document jobDoc, List<JsonNode> items, Instant now) {
    Row row = new Row(jobDoc.getString(JobDocuments.TENANT), day(now), jobDoc.getString(TYPE));
    long bytes = 0;
    for (JsonNode item : items) {
      bytes += bytes(item);
    }
    row.inc.put(RESULT_BYTES, bytes);
    write(List.of(row));
  }

  List<Usage> usage(String tenantId, LocalDate from, LocalDate to) {
    Bson filter = and(eq(TENANT, tenantId), gte(DAY, from.toString()), lte(DAY, to.toString()));
    return MongoFaults.call(
        "reading usage",
        () ->
            rows.find(filter)
                .sort(Sorts.ascending(DAY, TYPE))
                .map(
                    doc ->
                        new Usage(
                            tenantId,
                            LocalDate.parse(doc.getString(DAY)),
                            doc.getString(TYPE),
                            count(doc, SUBMITTED),
                            count(doc, ATTEMPTS),
                            count(doc, COMPLETED),
                            count(doc, FAILED),
                            count(doc, RUNNING_MILLIS) / 1000.0,
                            ((Number) doc.get(COST, 0.0)).doubleValue(),
                            count(doc, RESULT_BYTES)))
                .into(new ArrayList<>()));
  }

  private void write(Collection<Row> changed) {
    List<WriteModel<Document>> writes = new ArrayList<>(changed.size());
    for (Row row : changed) {
      List<Bson> updates = new ArrayList<>();
      updates.add(Updates.setOnInsert(TENANT, row.tenant));
      updates.add(Updates.setOnInsert(DAY, row.day));
      updates.add(Updates.setOnInsert(TYPE, row.type));
      row.inc.forEach((field, by) -> updates.add(Updates.inc(field, by)));
      writes.add(
          new UpdateOneModel<>(
              eq("_id", row.id()), Updates.combine(updates), new UpdateOptions().upsert(true)));
    }
    if (!writes.isEmpty()) {
      MongoFaults.call("counting usage", () -> rows.bulkWrite(writes));
    }
  }

  private static long count(Document doc, String field) {
    return ((Number) doc.get(field, 0L)).longValue();
  }

  private static String day(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
  }

  /** The bytes of a value's JSON text, as this store writes it. */
  private static long bytes(JsonNode value) {
    return value == null ? 0 : JobDocuments.write(value).getBytes(StandardCharsets.UTF_8).length;
  }

  /** The increments of one usage document. */
  private static final class Row {
    final String tenant;
    final String day;
    final String type;
    final Map<String, Number> inc = new LinkedHashMap<>();

    Row(String tenant, String day, String type) {
      this.tenant = tenant;
      this.day = day;
      this.type = type;
    }

    /** This row with the increments of {@code other}, a row of the same key, added. */
    Row plus(Row other) {
      other.inc.forEach(
          (field, by) ->
              inc.merge(
                  field,
                  by,
                  (a, b) ->
                      a instanceof Double || b instanceof Double
                          ? a.doubleValue() + b.doubleValue()
                          : a.longValue() + b.longValue()));
      return this;
    }

    /** Tenant, day and type; a job without a tenant has its own rows. */
    String id() {
      return (tenant == null ? "\u0000" : tenant) + "/" + day + "/" + type;
    }
  }
}
