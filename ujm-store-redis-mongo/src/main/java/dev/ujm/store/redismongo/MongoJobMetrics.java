package dev.ujm.store.redismongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.ujm.core.analytics.JobMetrics;
import dev.ujm.core.analytics.LatencyBuckets;
import dev.ujm.core.analytics.MetricsFigures;
import dev.ujm.core.analytics.MetricsKey;
import dev.ujm.core.analytics.MetricsPoint;
import dev.ujm.core.analytics.MetricsQuery;
import dev.ujm.core.analytics.MetricsStep;
import dev.ujm.core.analytics.MetricsTally;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.JobUpdate;
import dev.ujm.core.model.Transition.Move;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job metrics of the distributed store: one document per step, bucket, type, queue and tenant
 * in {@code job_metrics}. Each node sums the moves it commits ({@link MetricsTally}, from the
 * documents they were computed from, so an attempt is timed from the claim time on the job, {@code
 * attemptStartN}, whichever node claimed it) and raises the documents with one bulk write of
 * upserting {@code $inc} (and {@code $min}/{@code $max} for the run-time extremes) every {@link
 * #FLUSH_EVERY}, before every read and trim of its own, and when closed: a move costs no round trip
 * of its own. A node that dies loses the figures of its last second; the jobs are never affected.
 * Thread-safe.
 */
final class MongoJobMetrics implements JobMetrics, AutoCloseable {
  static final Duration FLUSH_EVERY = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(MongoJobMetrics.class);
  private static final String STEP = "step";
  private static final String BUCKET = "bucketN";
  private static final String TYPE = "type";
  private static final String QUEUE = "queue";
  private static final String TENANT = "tenant";
  private static final String[] HISTOGRAMS = {"run", "wait", "e2e"};

  private final MongoCollection<Document> rows;
  private final MetricsTally tally = new MetricsTally(); // guarded by this
  private final ReentrantLock flushing = new ReentrantLock();
  private final ScheduledExecutorService flusher;

  MongoJobMetrics(MongoBackend mongo) {
    this.rows = mongo.collection(MongoBackend.JOB_METRICS);
    this.flusher =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("ujm-job-metrics").daemon(true).factory());
    long every = FLUSH_EVERY.toMillis();
    flusher.scheduleWithFixedDelay(this::flushQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  /** Counts committed moves, each with the document it was computed from. */
  void moved(Map<Document, Move> moves) {
    moves.forEach(
        (before, move) -> {
          JobUpdate update = new JobUpdate(move.job(), move.event());
          if (MetricsTally.counts(update)) {
            Instant start = attemptStart(before);
            synchronized (this) {
              tally.record(update, start);
            }
          }
        });
  }

  @Override
  public List<MetricsPoint> series(MetricsQuery q) {
    flush();
    List<Bson> filters = new ArrayList<>();
    filters.add(eq(STEP, q.step().wireName()));
    filters.add(gte(BUCKET, q.from().toEpochMilli()));
    filters.add(lt(BUCKET, q.to().toEpochMilli()));
    if (q.type() != null) {
      filters.add(eq(TYPE, q.type()));
    }
    if (q.queue() != null) {
      filters.add(eq(QUEUE, q.queue()));
    }
    if (q.tenant() != null) {
      filters.add(eq(TENANT, q.tenant()));
    }
    List<Map.Entry<MetricsKey, MetricsFigures>> found =
        MongoFaults.call(
            "reading job metrics",
            () ->
                rows.find(and(filters))
                    .map(MongoJobMetrics::row)
                    .into(new ArrayList<Map.Entry<MetricsKey, MetricsFigures>>()));
    return MetricsPoint.sum(found);
  }

  @Override
  public int trim(MetricsStep step, Instant before) {
    flush();
    return (int)
        MongoFaults.call(
                "trimming job metrics",
                () ->
                    rows.deleteMany(
                        and(eq(STEP, step.wireName()), lt(BUCKET, before.toEpochMilli()))))
            .getDeletedCount();
  }

  /** Writes what this node counted so far; a flush in progress elsewhere is waited for. */
  void flush() {
    flushing.lock();
    try {
      Map<MetricsKey, MetricsFigures> drained;
      synchronized (this) {
        if (tally.isEmpty()) {
          return;
        }
        drained = tally.drain();
      }
      List<WriteModel<Document>> writes = new ArrayList<>(drained.size());
      drained.forEach((key, figures) -> writes.add(upsert(key, figures)));
      MongoFaults.call("counting job metrics", () -> rows.bulkWrite(writes));
    } finally {
      flushing.unlock();
    }
  }

  @Override
  public void close() {
    flusher.shutdownNow();
    flushQuietly();
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("job metrics of the last second could not be written: {}", e.getMessage());
    }
  }

  private static Instant attemptStart(Document before) {
    if (!JobState.PROCESSING.wireName().equals(before.getString(JobDocuments.STATE))) {
      return null;
    }
    Long started = before.getLong(MongoUsage.ATTEMPT_START);
    return started == null ? null : JobDocuments.instant(started);
  }

  private static WriteModel<Document> upsert(MetricsKey key, MetricsFigures f) {
    List<Bson> updates = new ArrayList<>();
    updates.add(Updates.setOnInsert(STEP, key.step().wireName()));
    updates.add(Updates.setOnInsert(BUCKET, key.bucket().toEpochMilli()));
    updates.add(Updates.setOnInsert(TYPE, key.type()));
    updates.add(Updates.setOnInsert(QUEUE, key.queue()));
    updates.add(Updates.setOnInsert(TENANT, key.tenant()));
    long[] counts = counts(f);
    for (int i = 0; i < COUNTS.length; i++) {
      updates.add(Updates.inc(COUNTS[i], counts[i]));
    }
    updates.add(Updates.min("runMin", f.runMinMillis));
    updates.add(Updates.max("runMax", f.runMaxMillis));
    long[][] histograms = {f.runTime, f.queueWait, f.endToEnd};
    for (int h = 0; h < HISTOGRAMS.length; h++) {
      for (int i = 0; i < LatencyBuckets.COUNT; i++) {
        if (histograms[h][i] != 0) {
          updates.add(Updates.inc(HISTOGRAMS[h] + "." + i, histograms[h][i]));
        }
      }
    }
    String id =
        String.join(
            "/",
            key.step().wireName(),
            Long.toString(key.bucket().toEpochMilli()),
            key.type(),
            key.queue(),
            key.tenant());
    return new UpdateOneModel<>(
        eq("_id", id), Updates.combine(updates), new UpdateOptions().upsert(true));
  }

  private static final String[] COUNTS = {
    "completed",
    "failedAttempts",
    "retried",
    "failedFinal",
    "deadLettered",
    "cancelled",
    "attempts",
    "runSum"
  };

  private static long[] counts(MetricsFigures f) {
    return new long[] {
      f.completed,
      f.failedAttempts,
      f.retried,
      f.failedFinal,
      f.deadLettered,
      f.cancelled,
      f.attempts,
      f.runSumMillis
    };
  }

  private static Map.Entry<MetricsKey, MetricsFigures> row(Document doc) {
    MetricsKey key =
        new MetricsKey(
            MetricsStep.parse(doc.getString(STEP)),
            Instant.ofEpochMilli(number(doc, BUCKET)),
            doc.getString(TYPE),
            doc.getString(QUEUE),
            doc.getString(TENANT));
    MetricsFigures f = new MetricsFigures();
    f.completed = number(doc, COUNTS[0]);
    f.failedAttempts = number(doc, COUNTS[1]);
    f.retried = number(doc, COUNTS[2]);
    f.failedFinal = number(doc, COUNTS[3]);
    f.deadLettered = number(doc, COUNTS[4]);
    f.cancelled = number(doc, COUNTS[5]);
    f.attempts = number(doc, COUNTS[6]);
    f.runSumMillis = number(doc, COUNTS[7]);
    f.runMinMillis = doc.containsKey("runMin") ? number(doc, "runMin") : Long.MAX_VALUE;
    f.runMaxMillis = number(doc, "runMax");
    long[][] histograms = {f.runTime, f.queueWait, f.endToEnd};
    for (int h = 0; h < HISTOGRAMS.length; h++) {
      Document buckets = doc.get(HISTOGRAMS[h], Document.class);
      if (buckets != null) {
        for (int i = 0; i < LatencyBuckets.COUNT; i++) {
          histograms[h][i] = number(buckets, Integer.toString(i));
        }
      }
    }
    return new AbstractMap.SimpleImmutableEntry<>(key, f);
  }

  private static long number(Document doc, String field) {
    Object value = doc.get(field);
    return value instanceof Number n ? n.longValue() : 0;
  }
}
