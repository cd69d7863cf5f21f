package dev.ujm.store.redismongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import dev.ujm.core.model.JobIds;
import dev.ujm.core.schedule.FireRequest;
import dev.ujm.core.schedule.FireResult;
import dev.ujm.core.schedule.Schedule;
import dev.ujm.core.schedule.ScheduleDefinition;
import dev.ujm.core.schedule.ScheduleFire;
import dev.ujm.core.schedule.ScheduleNotFoundException;
import dev.ujm.core.schedule.ScheduleQuery;
import dev.ujm.core.schedule.ScheduleStore;
import dev.ujm.core.store.Page;
import dev.ujm.core.store.SubmitResult;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * Schedules in the {@code schedules} collection (the schedule as JSON beside the fields {@link
 * #due} selects by) and their fire log in {@code schedule_fires}. Every change is a conditional
 * update on the version read, so two evaluators racing on one schedule cannot both move it. A fire
 * submits its jobs first (through the job store, whose idempotency keys {@code schedule:<id>:<fire
 * instant>} make a repeat return the first job), then moves the schedule on the condition that its
 * version is still the one the fire was planned from, then logs the fire: however many evaluators
 * race, each fire has exactly one job. Thread-safe.
 */
final class MongoScheduleStore implements ScheduleStore {
  private static final String JSON = "json";
  private static final String VERSION = "version";
  private static final String ENABLED = "enabled";
  private static final String NEXT_FIRE = "nextFireN";
  private static final String TENANT = "tenantId";
  private static final String OWNER = "ownerId";
  private static final String SCHEDULE_ID = "scheduleId";

  private final RedisMongoJobStore jobs;
  private final MongoCollection<Document> schedules;
  private final MongoCollection<Document> fires;
  private final InstantSource clock;
  private final JobIds ids;

  MongoScheduleStore(RedisMongoJobStore jobs, InstantSource clock) {
    this.jobs = jobs;
    this.schedules = jobs.mongo().collection(MongoBackend.SCHEDULES);
    this.fires = jobs.mongo().collection(MongoBackend.SCHEDULE_FIRES);
    this.clock = clock;
    this.ids = new JobIds(clock);
  }

  @Override
  public Schedule create(
      String tenantId, String ownerId, ScheduleDefinition definition, Instant nextFireAt) {
    Instant now = clock.instant();
    Schedule schedule =
        new Schedule(
            ids.next(), tenantId, ownerId, definition, nextFireAt, null, null, 1, now, now);
    MongoFaults.call("storing a schedule", () -> schedules.insertOne(document(schedule)));
    return schedule;
  }

  @Override
  public Schedule replace(String scheduleId, ScheduleDefinition definition, Instant nextFireAt) {
    return change(scheduleId, s -> saved(s, definition, nextFireAt));
  }

  @Override
  public Schedule pause(String scheduleId) {
    return change(scheduleId, s -> saved(s, s.definition().withEnabled(false), s.nextFireAt()));
  }

  @Override
  public Schedule resume(String scheduleId, Instant nextFireAt) {
    return change(scheduleId, s -> saved(s, s.definition().withEnabled(true), nextFireAt));
  }

  @Override
  public void delete(String scheduleId) {
    existing(scheduleId);
    MongoFaults.call("deleting a schedule", () -> schedules.deleteOne(eq("_id", scheduleId)));
    MongoFaults.call("deleting a schedule", () -> fires.deleteMany(eq(SCHEDULE_ID, scheduleId)));
  }

  @Override
  public Optional<Schedule> getSchedule(String scheduleId) {
    return Optional.ofNullable(find(Objects.requireNonNull(scheduleId)));
  }

  @Override
  public Page<Schedule> findSchedules(ScheduleQuery query) {
    List<Bson> filters = new ArrayList<>();
    if (query.tenantId() != null) {
      filters.add(eq(TENANT, query.tenantId()));
    }
    if (query.ownerId() != null) {
      filters.add(eq(OWNER, query.ownerId()));
    }
    if (query.cursor() != null) {
      filters.add(lt("_id", query.cursor()));
    }
    Bson filter = filters.isEmpty() ? new Document() : and(filters);
    List<Schedule> page =
        MongoFaults.call(
            "listing schedules",
            () ->
                schedules
                    .find(filter)
                    .sort(Sorts.descending("_id"))
                    .limit(query.limit() + 1)
                    .map(MongoScheduleStore::scheduleOf)
                    .into(new ArrayList<>()));
    if (page.size() > query.limit()) {
      List<Schedule> items = page.subList(0, query.limit());
      return new Page<>(items, items.getLast().id());
    }
    return new Page<>(page, null);
  }

  @Override
  public List<Schedule> due(Instant now, int limit) {
    return MongoFaults.call(
        "reading due schedules",
        () ->
            schedules
                .find(and(eq(ENABLED, true), lte(NEXT_FIRE, JobDocuments.nanos(now))))
                .sort(Sorts.ascending(NEXT_FIRE, "_id"))
                .limit(limit)
                .map(MongoScheduleStore::scheduleOf)
                .into(new ArrayList<>()));
  }

  @Override
  public FireResult fire(FireRequest request) {
    while (true) {
      Schedule s = existing(request.scheduleId());
      if (request.expectedVersion() != null && s.version() != request.expectedVersion()) {
        return new FireResult(false, s, List.of());
      }
      List<SubmitResult> results =
          request.jobs().isEmpty()
              ? List.of()
              : jobs.submitAll(request.jobs().stream().map(FireRequest.Fire::job).toList());
      Instant now = clock.instant();
      String lastJob = s.lastJobId();
      Instant lastFire = s.lastFireAt();
      if (!results.isEmpty()) {
        lastJob = results.getLast().job().id();
        lastFire = request.jobs().getLast().fireAt();
      }
      Schedule next =
          s.next(
              s.definition(),
              request.expectedVersion() == null ? s.nextFireAt() : request.nextFireAt(),
              lastFire,
              lastJob,
              now);
      if (!moved(s, next)) {
        if (request.expectedVersion() != null) {
          return new FireResult(false, existing(request.scheduleId()), List.of());
        }
        continue; // changed meanwhile; the jobs submitted are idempotent repeats next time
      }
      List<ScheduleFire> lines = new ArrayList<>(request.unfired());
      for (int i = 0; i < results.size(); i++) {
        FireRequest.Fire fire = request.jobs().get(i);
        lines.add(
            new ScheduleFire(
                s.id(), fire.fireAt(), fire.outcome(), results.get(i).job().id(), now));
      }
      lines.sort(Comparator.comparing(ScheduleFire::fireAt));
      if (!lines.isEmpty()) {
        List<Document> docs = new ArrayList<>();
        lines.forEach(
            line ->
                docs.add(new Document(SCHEDULE_ID, s.id()).append(JSON, JobDocuments.write(line))));
        MongoFaults.call("logging fires", () -> fires.insertMany(docs));
      }
      return new FireResult(true, next, results);
    }
  }

  @Override
  public Page<ScheduleFire> fires(String scheduleId, String cursor, int limit) {
    existing(scheduleId);
    Bson filter = eq(SCHEDULE_ID, scheduleId);
    if (cursor != null) {
      if (!ObjectId.isValid(cursor)) {
        throw new IllegalArgumentException("bad cursor '" + cursor + "'");
      }
      filter = and(filter, lt("_id", new ObjectId(cursor)));
    }
    Bson query = filter;
    List<Document> rows =
        MongoFaults.call(
            "reading fires",
            () ->
                fires
                    .find(query)
                    .sort(Sorts.descending("_id"))
                    .limit(limit + 1)
                    .into(new ArrayList<>()));
    List<ScheduleFire> page = new ArrayList<>();
    for (int i = 0; i < Math.min(limit, rows.size()); i++) {
      page.add(JobDocuments.read(rows.get(i).getString(JSON), ScheduleFire.class));
    }
    String next = rows.size() > limit ? rows.get(limit - 1).getObjectId("_id").toHexString() : null;
    return new Page<>(page, next);
  }

  private Schedule change(String scheduleId, UnaryOperator<Schedule> change) {
    while (true) {
      Schedule s = existing(scheduleId);
      Schedule next = change.apply(s);
      if (moved(s, next)) {
        return next;
      }
    }
  }

  /** Writes {@code next} if the stored schedule is still at the version of {@code before}. */
  private boolean moved(Schedule before, Schedule next) {
    return MongoFaults.call(
                "writing a schedule",
                () ->
                    schedules.replaceOne(
                        and(eq("_id", before.id()), eq(VERSION, before.version())), document(next)))
            .getMatchedCount()
        == 1;
  }

  private Schedule saved(Schedule s, ScheduleDefinition definition, Instant nextFireAt) {
    return s.next(definition, nextFireAt, s.lastFireAt(), s.lastJobId(), clock.instant());
  }

  private Schedule existing(String scheduleId) {
    Schedule s = find(Objects.requireNonNull(scheduleId));
    if (s == null) {
      throw new ScheduleNotFoundException(scheduleId);
    }
    return s;
  }

  private Schedule find(String scheduleId) {
    Document doc =
        MongoFaults.call("reading a schedule", () -> schedules.find(eq("_id", scheduleId)).first());
    return doc == null ? null : scheduleOf(doc);
  }

  private static Document document(Schedule s) {
    return new Document("_id", s.id())
        .append(JSON, JobDocuments.write(s))
        .append(VERSION, s.version())
        .append(ENABLED, s.enabled())
        .append(NEXT_FIRE, JobDocuments.nanos(s.nextFireAt()))
        .append(TENANT, s.tenantId())
        .append(OWNER, s.ownerId());
  }

  private static Schedule scheduleOf(Document doc) {
    return JobDocuments.read(doc.getString(JSON), Schedule.class);
  }
}
