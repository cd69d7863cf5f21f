package dev.ujm.store.redismongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.regex;
import static dev.ujm.store.redismongo.JobDocuments.FINISHED;
import static dev.ujm.store.redismongo.JobDocuments.ID;
import static dev.ujm.store.redismongo.JobDocuments.LEASE;
import static dev.ujm.store.redismongo.JobDocuments.RUN_AT;
import static dev.ujm.store.redismongo.JobDocuments.STATE;
import static dev.ujm.store.redismongo.JobDocuments.TRAIL;
import static dev.ujm.store.redismongo.JobDocuments.WORKER;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobError;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.MoveArgs;
import dev.ujm.core.model.PurgedJob;
import dev.ujm.core.model.Transition;
import dev.ujm.core.workflow.DependencyCascade;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The store's side of the background duties: each selects by an indexed query, then moves each job
 * with the conditional update of {@link MongoJobs#commit}, which repeats what it selected by; a job
 * another node moved first is skipped. So running them on several nodes at once is safe.
 * Thread-safe.
 */
final class MongoDuties {
  static final String PURGED = "purged";

  private static final List<String> FINAL_STATES =
      List.of(
          JobState.COMPLETED.wireName(), JobState.FAILED.wireName(), JobState.CANCELLED.wireName());

  private final MongoJobs jobs;
  private final MongoResults results;
  private final MongoCollection<Document> events;
  private final InstantSource clock;
  private final JobFollowUps followUps;

  /** What a duty's move leaves to do afterwards (the dependents of a job it failed). */
  interface JobFollowUps {
    void after(String jobId);
  }

  MongoDuties(
      MongoJobs jobs,
      MongoResults results,
      MongoBackend mongo,
      InstantSource clock,
      JobFollowUps followUps) {
    this.jobs = jobs;
    this.results = results;
    this.events = mongo.collection(MongoBackend.JOB_EVENTS);
    this.clock = clock;
    this.followUps = followUps;
  }

  int promoteDue(int limit) {
    Long now = JobDocuments.nanos(clock.instant());
    int moved = 0;
    for (Document doc :
        select(and(eq(STATE, JobState.SCHEDULED.wireName()), lte(RUN_AT, now)), RUN_AT, limit)) {
      if (move(doc, Transition.PROMOTE, MoveArgs.defaults(), null)) {
        moved++;
      }
    }
    return moved;
  }

  int requeueExpired(int limit) {
    Instant now = clock.instant();
    int moved = 0;
    for (Document doc :
        select(
            and(eq(STATE, JobState.PROCESSING.wireName()), lt(LEASE, JobDocuments.nanos(now))),
            LEASE,
            limit)) {
      Job job = JobDocuments.job(doc);
      MoveArgs args = MoveArgs.error(JobError.leaseExpired(job, now), null);
      boolean last = job.attempt() >= job.maxAttempts();
      if (move(
          doc,
          last ? Transition.EXPIRE : Transition.REQUEUE_EXPIRED,
          args,
          last ? DependencyCascade.Kind.CANCEL_DEPENDENTS.name() : null)) {
        moved++;
      }
    }
    return moved;
  }

  int requeueHeldBy(String workerIdPrefix, String reason) {
    int moved = 0;
    for (Document doc :
        select(
            and(
                eq(STATE, JobState.PROCESSING.wireName()),
                regex(WORKER, "^" + Pattern.quote(workerIdPrefix))),
            ID,
            Integer.MAX_VALUE)) {
      if (move(doc, Transition.REQUEUE_HELD, MoveArgs.by(null, reason), null)) {
        moved++;
      }
    }
    return moved;
  }

  /**
   * Deletes final jobs, keeping each one's trail: first the trail is copied into {@code job_events}
   * (idempotent, by job id), then the job is deleted on the condition that it did not change
   * meanwhile; if it did (retried), the copy is taken back.
   */
  int purge(Instant finishedBefore, int limit) {
    Instant now = clock.instant();
    List<String> deleted = new ArrayList<>();
    for (Document doc :
        select(
            and(in(STATE, FINAL_STATES), lt(FINISHED, JobDocuments.nanos(finishedBefore))),
            FINISHED,
            limit)) {
      Job job = JobDocuments.job(doc);
      PurgedJob kept = PurgedJob.of(job, now);
      Document trail =
          new Document(ID, job.id())
              .append(PURGED, JobDocuments.write(kept))
              .append(TRAIL, doc.getList(TRAIL, String.class))
              .append(FINISHED, JobDocuments.nanos(job.finishedAt()));
      MongoFaults.call(
          "keeping an audit trail",
          () -> events.replaceOne(eq(ID, job.id()), trail, new ReplaceOptions().upsert(true)));
      long gone =
          MongoFaults.call(
                  "purging a job", () -> jobs.collection().deleteOne(MongoJobs.unchanged(doc)))
              .getDeletedCount();
      if (gone == 1) {
        deleted.add(job.id());
      } else {
        MongoFaults.call("taking back an audit trail", () -> events.deleteOne(eq(ID, job.id())));
      }
    }
    if (!deleted.isEmpty()) {
      results.deleteOf(deleted);
    }
    return deleted.size();
  }

  int purgeHistory(Instant finishedBefore, int limit) {
    List<String> ids =
        MongoFaults.call(
            "reading audit trails",
            () ->
                events
                    .find(lt(FINISHED, JobDocuments.nanos(finishedBefore)))
                    .projection(Projections.include(ID))
                    .sort(Sorts.ascending(FINISHED))
                    .limit(limit)
                    .map(d -> d.getString(ID))
                    .into(new ArrayList<>()));
    if (ids.isEmpty()) {
      return 0;
    }
    return (int)
        MongoFaults.call("deleting audit trails", () -> events.deleteMany(in(ID, ids)))
            .getDeletedCount();
  }

  private List<Document> select(Bson filter, String order, int limit) {
    return MongoFaults.call(
        "selecting jobs",
        () ->
            jobs.collection()
                .find(filter)
                .sort(Sorts.ascending(order, ID))
                .limit(limit)
                .into(new ArrayList<>()));
  }

  private boolean move(Document doc, Transition transition, MoveArgs args, String followUp) {
    Job job = JobDocuments.job(doc);
    if (!transition.from().contains(job.state())) {
      return false; // moved by another node since the selection
    }
    var move = transition.apply(job, args, clock.instant());
    String token =
        followUp == null || !JobDocuments.hasDependents(doc)
            ? null
            : MongoFollowUps.token(followUp, doc);
    if (!jobs.commit(doc, move, token)) {
      return false;
    }
    if (token != null) {
      followUps.after(doc.getString(ID));
    }
    return true;
  }
}
