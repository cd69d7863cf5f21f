package dev.ujm.store.redismongo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.Json;
import dev.ujm.core.model.PurgedJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * How a job is laid out in the {@code jobs} collection: the whole snapshot as one JSON text ({@code
 * json}, read back by the same Jackson configuration that wrote it, so nothing of a payload is
 * reinterpreted by BSON), beside the fields the queries and the fence filter on. The lease deadline
 * lives only in {@code leaseN}, outside the snapshot, so a heartbeat sets one number and never
 * races a move that rewrites the snapshot. Instants that are compared are epoch nanoseconds ({@code
 * ...N} fields), exact and ordered. Stateless.
 */
final class JobDocuments {
  static final String ID = "_id";
  static final String REV = "rev";
  static final String JSON = "json";
  static final String STATE = "state";
  static final String QUEUE = "queue";
  static final String TYPE = "type";
  static final String RANK = "rank";
  static final String TENANT = "tenantId";
  static final String OWNER = "ownerId";
  static final String TAGS = "tags";
  static final String DEPENDS_ON = "dependsOn";
  static final String IDEMPOTENCY_KEY = "idem";
  static final String WORKER = "workerId";
  static final String ATTEMPT = "attempt";
  static final String CREATED = "createdN";
  static final String UPDATED = "updatedN";
  static final String RUN_AT = "runAtN";
  static final String LEASE = "leaseN";
  static final String FINISHED = "finishedN";
  static final String TRAIL = "trail";
  static final String LAST_MOVE = "lastMove";
  static final String FOLLOW_UPS = "followUps";
  static final String RESULT_COUNT = "resultCount";

  /** Set (with a new revision) before a job that depends on this one is stored. */
  static final String HAS_DEPENDENTS = "hasDependents";

  /**
   * UJM's one Jackson configuration, reading back only what this store wrote: properties that
   * records derive ({@code active} of a key, {@code stateChange} of a change) are written with them
   * and skipped when read.
   */
  private static final ObjectMapper MAPPER =
      Json.mapper().copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private JobDocuments() {}

  /** A new job's document with its first audit event. */
  static Document newDocument(Job job, JobEvent submitted) {
    Document doc = new Document(ID, job.id()).append(REV, 0L);
    fields(job).forEach(doc::append);
    doc.append(TRAIL, new ArrayList<>(List.of(write(submitted))));
    doc.append(LAST_MOVE, submitted.transition().wireName());
    doc.append(FOLLOW_UPS, new ArrayList<String>());
    doc.append(RESULT_COUNT, 0L);
    return doc;
  }

  /**
   * Every field that follows from the snapshot, to {@code $set} after a move (the lease deadline
   * included: a move sets or clears it).
   */
  static Document fields(Job job) {
    Document doc = snapshotFields(job);
    doc.append(LEASE, nanos(job.leaseUntil()));
    return doc;
  }

  /** The fields that follow from the snapshot, without the lease deadline. */
  static Document snapshotFields(Job job) {
    Document doc = new Document(JSON, write(job.toBuilder().leaseUntil(null).build()));
    doc.append(STATE, job.state().wireName());
    doc.append(QUEUE, job.queue());
    doc.append(TYPE, job.type());
    doc.append(RANK, job.priority().rank());
    doc.append(TENANT, job.tenantId());
    doc.append(OWNER, job.ownerId());
    doc.append(TAGS, job.tags());
    doc.append(DEPENDS_ON, job.dependsOn());
    if (job.idempotencyKey() != null) {
      doc.append(IDEMPOTENCY_KEY, idempotencyKey(job.tenantId(), job.idempotencyKey()));
    }
    doc.append(WORKER, job.workerId());
    doc.append(ATTEMPT, job.attempt());
    doc.append(CREATED, nanos(job.createdAt()));
    doc.append(UPDATED, nanos(job.updatedAt()));
    doc.append(RUN_AT, nanos(job.runAt()));
    doc.append(FINISHED, nanos(job.finishedAt()));
    return doc;
  }

  /**
   * The unique value of an idempotency key within its tenant (a null tenant is a tenant of its
   * own). One field, so a sparse unique index holds it: documents without a key are not indexed.
   */
  static String idempotencyKey(String tenantId, String key) {
    return (tenantId == null ? "-" : "t:" + tenantId) + "\u0000" + key;
  }

  /** The job a document holds. */
  static Job job(Document doc) {
    Job job = read(doc.getString(JSON), Job.class);
    Long lease = doc.getLong(LEASE);
    return lease == null ? job : job.toBuilder().leaseUntil(instant(lease)).build();
  }

  /** Whether a job was ever named as a dependency, so its end has a cascade to follow. */
  static boolean hasDependents(Document doc) {
    return doc.getBoolean(HAS_DEPENDENTS, false);
  }

  /** The revision a conditional write of this document must find. */
  static long rev(Document doc) {
    return doc.getLong(REV);
  }

  /** The audit trail a job document holds, oldest first. */
  static List<JobEvent> trail(Document doc) {
    List<String> events = doc.getList(TRAIL, String.class);
    List<JobEvent> trail = new ArrayList<>(events.size());
    events.forEach(e -> trail.add(read(e, JobEvent.class)));
    return trail;
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a job could not be written as JSON", e);
    }
  }

  static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored " + type.getSimpleName() + " is not readable", e);
    }
  }

  static JsonNode readTree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored result item is not readable", e);
    }
  }

  static PurgedJob purged(String json) {
    return read(json, PurgedJob.class);
  }

  static Long nanos(Instant instant) {
    return instant == null
        ? null
        : Math.addExact(
            Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
  }

  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }
}
