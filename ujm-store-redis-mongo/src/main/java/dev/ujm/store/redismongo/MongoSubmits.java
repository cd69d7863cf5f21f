package dev.ujm.store.redismongo;

import static com.mongodb.client.model.Filters.eq;
import static dev.ujm.core.model.JobState.QUEUED;
import static dev.ujm.core.model.JobState.WAITING;
import static dev.ujm.store.redismongo.JobDocuments.FOLLOW_UPS;
import static dev.ujm.store.redismongo.JobDocuments.IDEMPOTENCY_KEY;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import dev.ujm.core.model.IdempotencyConflictException;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobIds;
import dev.ujm.core.model.JobUpdate;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.Transition;
import dev.ujm.core.model.Transition.Move;
import dev.ujm.core.store.SubmitResult;
import dev.ujm.core.workflow.DependencyCascade;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.bson.Document;

/**
 * Submits, in the order that never loses an accepted job: every check first (idempotent repeats,
 * dependencies), then one insert into MongoDB for the whole batch (a bulk {@code insertMany}), then
 * the queued ones pushed to Redis, then the listeners. A submit returns only after MongoDB
 * acknowledged the insert with a majority; if Redis is down the job is still accepted and the
 * reconciler queues it later. A batch is all or nothing: when the insert fails half-way (MongoDB
 * went away, or another node took an idempotency key at the same moment) the documents it stored
 * are deleted again before the error is reported, and a lost key race is decided again by reading
 * the winner. Thread-safe.
 */
final class MongoSubmits {
  private static final int KEY_RACE_RETRIES = 3;

  private final MongoJobs jobs;
  private final RedisQueue queue;
  private final MongoFollowUps followUps;
  private final DependencyCascade checks;
  private final InstantSource clock;
  private final JobIds ids;
  private final Consumer<JobUpdate> listeners;

  MongoSubmits(
      MongoJobs jobs,
      RedisQueue queue,
      MongoFollowUps followUps,
      DependencyCascade checks,
      InstantSource clock,
      Consumer<JobUpdate> listeners) {
    this.jobs = jobs;
    this.queue = queue;
    this.followUps = followUps;
    this.checks = checks;
    this.clock = clock;
    this.ids = new JobIds(clock);
    this.listeners = listeners;
  }

  List<SubmitResult> submitAll(List<NewJob> batch) {
    for (int attempt = 1; ; attempt++) {
      try {
        return submitOnce(batch);
      } catch (MongoWriteException | MongoBulkWriteException e) {
        if (!isDuplicateKey(e) || attempt >= KEY_RACE_RETRIES) {
          throw MongoFaults.translate(e, "storing jobs");
        }
        // another node stored one of the keys meanwhile: decide again, now as a repeat
      }
    }
  }

  private List<SubmitResult> submitOnce(List<NewJob> batch) {
    SubmitResult[] results = new SubmitResult[batch.size()];
    Map<String, Integer> firstOfKey = new HashMap<>();
    List<Integer> fresh = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      NewJob job = batch.get(i);
      Job existing = repeatOf(job);
      if (existing != null) {
        results[i] = new SubmitResult(existing, false);
        continue;
      }
      String key = batchKey(job);
      if (key != null && firstOfKey.containsKey(key)) {
        int first = firstOfKey.get(key);
        if (!Objects.equals(batch.get(first).ownerId(), job.ownerId())) {
          throw new IdempotencyConflictException(job.idempotencyKey());
        }
        results[i] = new SubmitResult(null, false); // filled in with the first one's job below
        continue;
      }
      if (key != null) {
        firstOfKey.put(key, i);
      }
      fresh.add(i);
    }
    Instant now = clock.instant();
    List<Document> docs = new ArrayList<>(fresh.size());
    List<Move> moves = new ArrayList<>(fresh.size());
    for (int i : fresh) {
      NewJob job = batch.get(i);
      boolean open = checks.checkNew(job);
      Transition submit =
          DependencyCascade.judgedAfterSubmit(job)
              ? Transition.SUBMIT_WAITING
              : Transition.forNewJob(open, job.runAt(), now);
      NewJob copied =
          job.payload() == null ? job : job.toBuilder().payload(job.payload().deepCopy()).build();
      Move move = Transition.submitted(submit, copied, ids.next(), now);
      Document doc = JobDocuments.newDocument(move.job(), move.event());
      if (move.job().state() == WAITING) {
        doc.put(FOLLOW_UPS, new ArrayList<>(List.of(MongoFollowUps.JUDGE + ":0")));
      }
      docs.add(doc);
      moves.add(move);
    }
    Set<String> parents = new LinkedHashSet<>();
    fresh.forEach(i -> parents.addAll(batch.get(i).dependsOn()));
    jobs.markDependedOn(parents);
    if (!docs.isEmpty()) {
      insertAllOrNothing(docs);
    }
    List<Job> queued = new ArrayList<>();
    Set<String> waiting = new LinkedHashSet<>();
    for (Move move : moves) {
      if (move.job().state() == QUEUED) {
        queued.add(move.job());
      } else if (move.job().state() == WAITING) {
        waiting.add(move.job().id());
      }
    }
    queue.push(queued);
    moves.forEach(move -> listeners.accept(new JobUpdate(move.job(), move.event())));
    if (!waiting.isEmpty()) {
      followUps.finish(waiting, Integer.MAX_VALUE);
    }
    for (int n = 0; n < fresh.size(); n++) {
      Job stored = moves.get(n).job();
      if (stored.state() == WAITING) {
        stored = JobDocuments.job(jobs.existing(stored.id()));
      }
      results[fresh.get(n)] = new SubmitResult(stored, true);
    }
    for (int i = 0; i < results.length; i++) {
      if (results[i].job() == null) {
        results[i] = new SubmitResult(results[firstOfKey.get(batchKey(batch.get(i)))].job(), false);
      }
    }
    return List.of(results);
  }

  /** Inserts the batch; when the insert fails half-way, deletes what it stored and rethrows. */
  private void insertAllOrNothing(List<Document> docs) {
    try {
      jobs.insert(docs);
    } catch (RuntimeException e) {
      if (docs.size() > 1) {
        try {
          jobs.delete(docs.stream().map(d -> d.getString(JobDocuments.ID)).toList());
        } catch (RuntimeException cleanup) {
          e.addSuppressed(cleanup);
        }
      }
      throw e;
    }
  }

  /**
   * The job an idempotent repeat returns, or null when the job is new.
   *
   * @throws IdempotencyConflictException when the key's job belongs to another owner
   */
  private Job repeatOf(NewJob job) {
    if (job.idempotencyKey() == null) {
      return null;
    }
    Document doc =
        MongoFaults.call(
            "reading an idempotency key",
            () ->
                jobs.collection()
                    .find(
                        eq(
                            IDEMPOTENCY_KEY,
                            JobDocuments.idempotencyKey(job.tenantId(), job.idempotencyKey())))
                    .first());
    if (doc == null) {
      return null;
    }
    Job existing = JobDocuments.job(doc);
    if (!Objects.equals(existing.ownerId(), job.ownerId())) {
      throw new IdempotencyConflictException(job.idempotencyKey());
    }
    return existing;
  }

  private static String batchKey(NewJob job) {
    return job.idempotencyKey() == null
        ? null
        : JobDocuments.idempotencyKey(job.tenantId(), job.idempotencyKey());
  }

  private static boolean isDuplicateKey(RuntimeException e) {
    if (e instanceof MongoWriteException write) {
      return write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
    return ((MongoBulkWriteException) e)
        .getWriteErrors().stream()
            .anyMatch(
                err -> ErrorCategory.fromErrorCode(err.getCode()) == ErrorCategory.DUPLICATE_KEY);
  }
}
