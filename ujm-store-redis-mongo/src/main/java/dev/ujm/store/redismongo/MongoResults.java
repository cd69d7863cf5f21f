package dev.ujm.store.redismongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static dev.ujm.store.redismongo.JobDocuments.ATTEMPT;
import static dev.ujm.store.redismongo.JobDocuments.ID;
import static dev.ujm.store.redismongo.JobDocuments.RESULT_COUNT;
import static dev.ujm.store.redismongo.JobDocuments.STATE;
import static dev.ujm.store.redismongo.JobDocuments.WORKER;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Updates;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.Lease;
import dev.ujm.core.model.StaleLeaseException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bson.Document;

/**
 * Result items (crawled pages and the like) in {@code job_results}, one document per item numbered
 * from 0 per job. Appending is fenced: the job's counter is raised by a conditional update on the
 * lease (state, worker, attempt), which reserves the items' numbers, and only then are the items
 * inserted; a worker whose lease was taken reserves nothing. Thread-safe.
 */
final class MongoResults {
  static final String JOB_ID = "jobId";
  static final String SEQ = "seq";
  static final String ITEM = "item";

  private final MongoJobs jobs;
  private final MongoUsage usage;
  private final InstantSource clock;
  private final MongoCollection<Document> results;

  MongoResults(MongoJobs jobs, MongoUsage usage, MongoBackend mongo, InstantSource clock) {
    this.jobs = jobs;
    this.usage = usage;
    this.clock = clock;
    this.results = mongo.collection(MongoBackend.JOB_RESULTS);
  }

  void append(Lease lease, List<JsonNode> items) {
    Document after =
        jobs.updateIf(
            and(
                eq(ID, lease.jobId()),
                eq(STATE, JobState.PROCESSING.wireName()),
                eq(WORKER, lease.workerId()),
                eq(ATTEMPT, lease.attempt())),
            Updates.inc(RESULT_COUNT, (long) items.size()));
    if (after == null) {
      jobs.existing(lease.jobId());
      throw new StaleLeaseException(lease);
    }
    if (items.isEmpty()) {
      return;
    }
    long first = after.getLong(RESULT_COUNT) - items.size();
    List<Document> rows = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      rows.add(
          new Document(JOB_ID, lease.jobId())
              .append(SEQ, first + i)
              .append(ITEM, JobDocuments.write(items.get(i))));
    }
    MongoFaults.call("storing results", () -> results.insertMany(rows));
    usage.resultItems(after, items, clock.instant());
  }

  /** Deletes the result items of these jobs (purged). */
  void deleteOf(Collection<String> jobIds) {
    MongoFaults.call(
        "deleting results",
        () -> results.deleteMany(com.mongodb.client.model.Filters.in(JOB_ID, List.copyOf(jobIds))));
  }
}
