package dev.ujm.store.redismongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static dev.ujm.store.redismongo.JobDocuments.FOLLOW_UPS;
import static dev.ujm.store.redismongo.JobDocuments.ID;
import static dev.ujm.store.redismongo.JobDocuments.LAST_MOVE;
import static dev.ujm.store.redismongo.JobDocuments.REV;
import static dev.ujm.store.redismongo.JobDocuments.TRAIL;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobNotFoundException;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.JobUpdate;
import dev.ujm.core.model.Transition.Move;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The {@code jobs} collection and the one way a job document changes: a conditional update on the
 * revision the change was computed from ({@link #unchanged}), so two nodes racing on one job cannot
 * both win, and a worker whose lease was taken cannot write, in MongoDB itself. The move's audit
 * event is pushed onto the document's trail and its follow-up (if any) onto its pending list in the
 * same single-document update, so the three are atomic without a transaction. After each committed
 * write the store's hook runs (the Redis queue follows the job, listeners hear of it). Thread-safe.
 */
final class MongoJobs {
  static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

  private final MongoCollection<Document> jobs;
  private final Consumer<JobUpdate> committed;
  private final MongoUsage usage;
  private final MongoJobMetrics metrics;

  MongoJobs(
      MongoBackend mongo,
      MongoUsage usage,
      MongoJobMetrics metrics,
      Consumer<JobUpdate> committed) {
    this.jobs = mongo.collection(MongoBackend.JOBS);
    this.usage = usage;
    this.metrics = metrics;
    this.committed = committed;
  }

  MongoCollection<Document> collection() {
    return jobs;
  }

  /** The job's document, or null. */
  Document find(String jobId) {
    return MongoFaults.call("reading a job", () -> jobs.find(eq(ID, jobId)).first());
  }

  /** The job's document, or {@link JobNotFoundException}. */
  Document existing(String jobId) {
    Document doc = find(jobId);
    if (doc == null) {
      throw new JobNotFoundException(jobId);
    }
    return doc;
  }

  /** The documents of these ids that exist, by id. */
  Map<String, Document> findAll(Collection<String> jobIds) {
    Map<String, Document> byId = new HashMap<>();
    if (jobIds.isEmpty()) {
      return byId;
    }
    MongoFaults.call(
            "reading jobs", () -> jobs.find(in(ID, List.copyOf(jobIds))).into(new ArrayList<>()))
        .forEach(doc -> byId.put(doc.getString(ID), doc));
    return byId;
  }

  /** Stores new job documents, in order; the caller has checked them. */
  void insert(List<Document> docs) {
    MongoFaults.call(
        "storing jobs",
        () -> {
          if (docs.size() == 1) {
            jobs.insertOne(docs.getFirst());
          } else {
            jobs.insertMany(docs);
          }
          return null;
        });
    usage.submitted(docs);
  }

  /**
   * Marks jobs as named by a dependent, with a new revision, before the dependent is stored: a move
   * of the parent computed before the mark then fails its condition, reads again and records the
   * cascade. (The dependent judges itself once stored, for a parent that ended before.)
   */
  void markDependedOn(Collection<String> jobIds) {
    if (jobIds.isEmpty()) {
      return;
    }
    MongoFaults.call(
        "marking dependencies",
        () ->
            jobs.updateMany(
                and(
                    in(ID, List.copyOf(jobIds)),
                    com.mongodb.client.model.Filters.ne(JobDocuments.HAS_DEPENDENTS, true)),
                Updates.combine(
                    Updates.set(JobDocuments.HAS_DEPENDENTS, true), Updates.inc(REV, 1L))));
  }

  /** Deletes job documents by id (a batch whose insert failed half-way). */
  void delete(Collection<String> jobIds) {
    MongoFaults.call("deleting jobs", () -> jobs.deleteMany(in(ID, List.copyOf(jobIds))));
  }

  /**
   * Writes a move computed from {@code before}: the snapshot, its audit event and its follow-up,
   * only while the document is still the one read. Returns false, having changed nothing, when
   * another write came first; the caller reads again and decides again.
   */
  boolean commit(Document before, Move move, String followUp) {
    long matched =
        MongoFaults.call(
                "writing a job",
                () -> jobs.updateOne(unchanged(before), moveUpdate(before, move, followUp)))
            .getMatchedCount();
    if (matched == 0) {
      return false;
    }
    usage.moved(Map.of(before, move));
    metrics.moved(Map.of(before, move));
    announce(move);
    return true;
  }

  /**
   * {@link #commit} for many documents at once (claims, batch completions): one bulk write, then
   * the ids whose write was refused because another write came first.
   */
  List<String> commitAll(Map<Document, Move> moves) {
    List<String> lost = writeAll(moves);
    Set<String> refused = Set.copyOf(lost);
    moves.forEach(
        (before, move) -> {
          if (!refused.contains(before.getString(ID))) {
            announce(move);
          }
        });
    return lost;
  }

  /**
   * The write of {@link #commitAll} without announcing it: one unordered bulk write (each update
   * stands alone, on its own revision), the usage of the moves that won, and the ids of those that
   * lost. The caller announces each committed move ({@link #announce}).
   */
  List<String> writeAll(Map<Document, Move> moves) {
    if (moves.isEmpty()) {
      return List.of();
    }
    List<WriteModel<Document>> writes = new ArrayList<>(moves.size());
    moves.forEach(
        (before, move) ->
            writes.add(new UpdateOneModel<>(unchanged(before), moveUpdate(before, move, null))));
    int matched =
        MongoFaults.call("writing jobs", () -> jobs.bulkWrite(writes, UNORDERED).getMatchedCount());
    List<String> lost = new ArrayList<>();
    if (matched < moves.size()) {
      Map<String, Document> now =
          findAll(moves.keySet().stream().map(d -> d.getString(ID)).toList());
      moves.forEach(
          (before, move) -> {
            Document after = now.get(before.getString(ID));
            if (!holdsEventOf(after, before, move)) {
              lost.add(before.getString(ID));
            }
          });
    }
    Map<Document, Move> won = new LinkedHashMap<>(moves);
    if (!lost.isEmpty()) {
      Set<String> refused = Set.copyOf(lost);
      won.keySet().removeIf(before -> refused.contains(before.getString(ID)));
    }
    usage.moved(won);
    metrics.moved(won);
    return lost;
  }

  /** Runs the store's hook for a committed move (the Redis queue follows, listeners hear). */
  void announce(Move move) {
    committed.accept(new JobUpdate(move.job(), move.event()));
  }

  /** Whether our move's event is the one written right after the trail we read. */
  private static boolean holdsEventOf(Document after, Document before, Move move) {
    if (after == null) {
      return false;
    }
    List<String> trail = after.getList(TRAIL, String.class);
    int at = before.getList(TRAIL, String.class).size();
    return trail.size() > at && trail.get(at).equals(JobDocuments.write(move.event()));
  }

  /**
   * Writes a snapshot that makes no move (progress, checkpoint) under the same condition as {@link
   * #commit}; {@code announce} says whether listeners hear of it.
   */
  boolean replace(Document before, Job after, boolean announce) {
    Bson update =
        Updates.combine(
            Updates.inc(REV, 1L), setChanged(before, JobDocuments.snapshotFields(after)));
    long matched =
        MongoFaults.call("writing a job", () -> jobs.updateOne(unchanged(before), update))
            .getMatchedCount();
    if (matched == 0) {
      return false;
    }
    if (announce) {
      committed.accept(new JobUpdate(after, null));
    }
    return true;
  }

  /** Sets fields of a document without a move, bumping its revision (result counters, leases). */
  Document updateIf(Bson filter, Bson update) {
    return MongoFaults.call(
        "writing a job",
        () ->
            jobs.findOneAndUpdate(
                filter,
                Updates.combine(update, Updates.inc(REV, 1L)),
                new com.mongodb.client.model.FindOneAndUpdateOptions()
                    .returnDocument(com.mongodb.client.model.ReturnDocument.AFTER)));
  }

  /** Removes finished follow-up tokens from a job document. */
  void dropFollowUps(String jobId, List<String> tokens) {
    MongoFaults.call(
        "writing a job",
        () ->
            jobs.updateOne(
                eq(ID, jobId),
                Updates.combine(Updates.pullAll(FOLLOW_UPS, tokens), Updates.inc(REV, 1L))));
  }

  /**
   * The condition of every write: the document is still the one the change was computed from. Its
   * revision grows with every write to the document, so it stands for the state, worker and attempt
   * that were read (and checked against the worker's lease): a worker whose lease was taken
   * meanwhile, or a node that lost a race, finds another revision and MongoDB refuses the write.
   * Exactly {@code _id} and {@code rev} as one plain document, not {@code Filters.and} (which the
   * driver sends as {@code $and}): MongoDB serves it from {@code _id}, and the in-process test
   * server from the unique {@code (_id, rev)} index, which it matches only when the filter's fields
   * are the index's (see {@link MongoBackend}); under {@code $and} it scans the whole collection
   * for every write.
   */
  static Bson unchanged(Document before) {
    return new Document(ID, before.getString(ID)).append(REV, JobDocuments.rev(before));
  }

  private static Bson moveUpdate(Document before, Move move, String followUp) {
    List<Bson> updates = new ArrayList<>();
    updates.add(Updates.inc(REV, 1L));
    updates.add(setChanged(before, JobDocuments.fields(move.job())));
    updates.add(Updates.push(TRAIL, JobDocuments.write(move.event())));
    updates.add(Updates.set(LAST_MOVE, move.event().transition().wireName()));
    if (move.job().state() == JobState.PROCESSING) {
      updates.add(Updates.set(MongoUsage.ATTEMPT_START, JobDocuments.nanos(move.event().at())));
    }
    if (followUp != null) {
      updates.add(Updates.push(FOLLOW_UPS, followUp));
    }
    return Updates.combine(updates);
  }

  /**
   * {@code $set} of the fields whose value differs from the document read: the write it makes
   * leaves the same document as setting them all (the condition guarantees that the document is the
   * one read), and each field less is work less for the server.
   */
  private static Bson setChanged(Document before, Document fields) {
    List<Bson> sets = new ArrayList<>(fields.size());
    fields.forEach(
        (name, value) -> {
          if (!before.containsKey(name) || !Objects.equals(before.get(name), value)) {
            sets.add(Updates.set(name, value));
          }
        });
    return Updates.combine(sets);
  }
}
