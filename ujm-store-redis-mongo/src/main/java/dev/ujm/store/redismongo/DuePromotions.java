package dev.ujm.store.redismongo;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.MoveArgs;
import dev.ujm.core.model.Transition;
import dev.ujm.core.model.Transition.Move;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * The store's side of the scheduled-job promoter, from the {@link RedisDelayedSet} instead of a
 * query of MongoDB for every pass.
 *
 * <ol>
 *   <li>Takes the ids due now from Redis (held there for {@link #HOLD}).
 *   <li>Reads their documents by {@code _id} and moves each job still scheduled and due from
 *       scheduled to queued, in one bulk write, each on the revision read; the commit pushes it to
 *       its queue. A job cancelled meanwhile is dropped; one whose run time moved later, or whose
 *       write lost a race while it stays scheduled, is put back with its run time.
 *   <li>Lets the taken ids go. While Redis is down, {@link MongoDuties#promoteDue} selects from
 *       MongoDB as before.
 * </ol>
 *
 * Safe on several nodes at once: the script hands each id to one promoter, and MongoDB decides.
 * Thread-safe.
 */
final class DuePromotions {
  /** How long a promoter holds the ids it took before the reconciler gives them back. */
  static final Duration HOLD = Duration.ofSeconds(30);

  private final MongoJobs jobs;
  private final RedisDelayedSet delayed;
  private final MongoDuties fallback;
  private final InstantSource clock;

  DuePromotions(
      MongoJobs jobs, RedisDelayedSet delayed, MongoDuties fallback, InstantSource clock) {
    this.jobs = jobs;
    this.delayed = delayed;
    this.fallback = fallback;
    this.clock = clock;
  }

  /** Promotes up to {@code limit} due jobs; returns how many it moved. */
  int promoteDue(int limit) {
    Instant now = clock.instant();
    List<String> due = delayed.takeDue(now.toEpochMilli(), limit, now.plus(HOLD).toEpochMilli());
    if (due == null) {
      return fallback.promoteDue(limit);
    }
    if (due.isEmpty()) {
      return 0;
    }
    Map<String, Document> docs = jobs.findAll(due);
    Map<Document, Move> moves = new LinkedHashMap<>();
    List<Job> later = new ArrayList<>();
    for (String id : due) {
      Document doc = docs.get(id);
      Job job = doc == null ? null : JobDocuments.job(doc);
      if (job == null || job.state() != JobState.SCHEDULED) {
        continue; // moved on (cancelled, purged): not for promoting
      }
      if (job.runAt() != null && job.runAt().isAfter(now)) {
        later.add(job);
      } else {
        moves.put(doc, Transition.PROMOTE.apply(job, MoveArgs.defaults(), now));
      }
    }
    List<String> lost = jobs.commitAll(moves);
    if (!lost.isEmpty()) {
      jobs.findAll(lost).values().stream()
          .map(JobDocuments::job)
          .filter(job -> job.state() == JobState.SCHEDULED)
          .forEach(later::add);
    }
    delayed.putBack(later);
    delayed.release(due);
    return moves.size() - lost.size();
  }
}
