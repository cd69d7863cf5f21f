package dev.ujm.store.redismongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static dev.ujm.store.redismongo.JobDocuments.CREATED;
import static dev.ujm.store.redismongo.JobDocuments.ID;
import static dev.ujm.store.redismongo.JobDocuments.OWNER;
import static dev.ujm.store.redismongo.JobDocuments.QUEUE;
import static dev.ujm.store.redismongo.JobDocuments.STATE;
import static dev.ujm.store.redismongo.JobDocuments.TAGS;
import static dev.ujm.store.redismongo.JobDocuments.TENANT;
import static dev.ujm.store.redismongo.JobDocuments.TYPE;
import static dev.ujm.store.redismongo.JobDocuments.UPDATED;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobIds;
import dev.ujm.core.model.JobNotFoundException;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.PurgedJob;
import dev.ujm.core.store.JobQuery;
import dev.ujm.core.store.Page;
import dev.ujm.core.store.StoreStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The read side of the store, from MongoDB only: searches paged by id (newest first, the cursor is
 * the last id of the page), counts per queue and state by one aggregation, audit trails (on the
 * job's document while it lives, in {@code job_events} once purged) and result pages. Thread-safe.
 */
final class MongoReads {
  private final MongoJobs jobs;
  private final MongoCollection<Document> events;
  private final MongoCollection<Document> results;

  MongoReads(MongoJobs jobs, MongoBackend mongo) {
    this.jobs = jobs;
    this.events = mongo.collection(MongoBackend.JOB_EVENTS);
    this.results = mongo.collection(MongoBackend.JOB_RESULTS);
  }

  Optional<Job> get(String jobId) {
    return Optional.ofNullable(jobs.find(jobId)).map(JobDocuments::job);
  }

  List<Job> getAll(Collection<String> jobIds) {
    Map<String, Document> found = jobs.findAll(jobIds);
    List<Job> out = new ArrayList<>();
    for (String id : jobIds) {
      Document doc = found.get(id);
      if (doc != null) {
        out.add(JobDocuments.job(doc));
      }
    }
    return out;
  }

  Page<Job> find(JobQuery query) {
    if (query.cursor() != null && !JobIds.isWellFormed(query.cursor())) {
      throw new IllegalArgumentException("bad cursor '" + query.cursor() + "'");
    }
    List<Bson> filters = new ArrayList<>();
    if (!query.states().isEmpty()) {
      filters.add(in(STATE, query.states().stream().map(JobState::wireName).toList()));
    }
    NewestFirst.addEq(filters, TYPE, query.type());
    NewestFirst.addEq(filters, QUEUE, query.queue());
    NewestFirst.addEq(filters, TENANT, query.tenantId());
    NewestFirst.addEq(filters, OWNER, query.ownerId());
    NewestFirst.addEq(filters, TAGS, query.tag());
    if (query.createdFrom() != null) {
      filters.add(gte(CREATED, JobDocuments.nanos(query.createdFrom())));
    }
    if (query.createdBefore() != null) {
      filters.add(lt(CREATED, JobDocuments.nanos(query.createdBefore())));
    }
    if (query.cursor() != null) {
      filters.add(lt(ID, query.cursor()));
    }
    Bson filter = filters.isEmpty() ? new Document() : and(filters);
    List<Job> page =
        MongoFaults.call(
            "searching jobs",
            () ->
                jobs.collection()
                    .find(filter)
                    .sort(Sorts.descending(ID))
                    .limit(query.limit() + 1)
                    .map(JobDocuments::job)
                    .into(new ArrayList<>()));
    return NewestFirst.page(page, query.limit(), Job::id);
  }

  StoreStats stats(String tenantId, Instant now) {
    List<Bson> pipeline = new ArrayList<>();
    if (tenantId != null) {
      pipeline.add(Aggregates.match(eq(TENANT, tenantId)));
    }
    pipeline.add(
        Aggregates.group(
            new Document("q", "$" + QUEUE).append("s", "$" + STATE),
            Accumulators.sum("n", 1),
            Accumulators.min("oldest", "$" + UPDATED)));
    List<Document> groups =
        MongoFaults.call(
            "counting jobs", () -> jobs.collection().aggregate(pipeline).into(new ArrayList<>()));
    Map<String, Map<JobState, Long>> counts = new TreeMap<>();
    Map<String, Long> oldestQueued = new TreeMap<>();
    for (Document group : groups) {
      Document key = group.get(ID, Document.class);
      String queue = key.getString("q");
      JobState state = JobState.parse(key.getString("s"));
      counts
          .computeIfAbsent(queue, q -> new EnumMap<>(JobState.class))
          .merge(state, ((Number) group.get("n")).longValue(), Long::sum);
      if (state == JobState.QUEUED) {
        oldestQueued.put(queue, ((Number) group.get("oldest")).longValue());
      }
    }
    List<StoreStats.QueueStats> queues = new ArrayList<>();
    counts.forEach(
        (queue, perState) -> {
          Long oldest = oldestQueued.get(queue);
          Long age =
              oldest == null
                  ? null
                  : Math.max(0, Duration.between(JobDocuments.instant(oldest), now).toSeconds());
          queues.add(new StoreStats.QueueStats(queue, Map.copyOf(perState), age));
        });
    return new StoreStats(queues);
  }

  List<JobEvent> history(String jobId) {
    Document doc = jobs.find(jobId);
    if (doc != null) {
      return List.copyOf(JobDocuments.trail(doc));
    }
    Document kept = purgedTrail(jobId);
    if (kept == null) {
      throw new JobNotFoundException(jobId);
    }
    return List.copyOf(JobDocuments.trail(kept));
  }

  Optional<PurgedJob> purged(String jobId) {
    if (jobs.find(jobId) != null) {
      return Optional.empty();
    }
    return Optional.ofNullable(purgedTrail(jobId))
        .map(d -> JobDocuments.read(d.getString(MongoDuties.PURGED), PurgedJob.class));
  }

  private Document purgedTrail(String jobId) {
    return MongoFaults.call("reading an audit trail", () -> events.find(eq(ID, jobId)).first());
  }

  /**
   * One page of a job's result items; the cursor is the position of the page's first item.
   *
   * @throws IllegalArgumentException for a limit outside 1..1000 or a cursor that is not a position
   */
  Page<JsonNode> results(String jobId, String cursor, int limit) {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be 1 to 1000, not " + limit);
    }
    long from;
    try {
      from = cursor == null ? 0 : Long.parseLong(cursor);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad cursor '" + cursor + "'");
    }
    if (from < 0) {
      throw new IllegalArgumentException("bad cursor '" + cursor + "'");
    }
    jobs.existing(jobId);
    List<Document> rows =
        MongoFaults.call(
            "reading results",
            () ->
                results
                    .find(and(eq(MongoResults.JOB_ID, jobId), gte(MongoResults.SEQ, from)))
                    .projection(Projections.include(MongoResults.SEQ, MongoResults.ITEM))
                    .sort(Sorts.ascending(MongoResults.SEQ))
                    .limit(limit + 1)
                    .into(new ArrayList<>()));
    List<JsonNode> items = new ArrayList<>();
    for (int i = 0; i < Math.min(limit, rows.size()); i++) {
      items.add(JobDocuments.readTree(rows.get(i).getString(MongoResults.ITEM)));
    }
    String next =
        rows.size() > limit
            ? String.valueOf(((Number) rows.get(limit).get(MongoResults.SEQ)).longValue())
            : null;
    return new Page<>(items, next);
  }
}
