package dev.ujm.store.sqlite;

import dev.ujm.core.schedule.FireRequest;
import dev.ujm.core.schedule.FireResult;
import dev.ujm.core.schedule.Schedule;
import dev.ujm.core.schedule.ScheduleDefinition;
import dev.ujm.core.schedule.ScheduleFire;
import dev.ujm.core.schedule.ScheduleQuery;
import dev.ujm.core.schedule.ScheduleStore;
import dev.ujm.core.store.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The schedules of the embedded store, in the same database file and through the same writer as its
 * jobs, so a fire's jobs and the schedule's move commit together. Thread-safe.
 */
final class SqliteScheduleStore implements ScheduleStore {
  private final SqliteJobStore jobs;

  SqliteScheduleStore(SqliteJobStore jobs) {
    this.jobs = jobs;
  }

  @Override
  public Schedule create(
      String tenantId, String ownerId, ScheduleDefinition definition, Instant nextFireAt) {
    return jobs.writer()
        .execute(
            tx ->
                ScheduleWrites.create(
                    tx, jobs.submits().nextId(), tenantId, ownerId, definition, nextFireAt));
  }

  @Override
  public Schedule replace(String scheduleId, ScheduleDefinition definition, Instant nextFireAt) {
    return jobs.writer()
        .execute(tx -> ScheduleWrites.replace(tx, scheduleId, definition, nextFireAt));
  }

  @Override
  public Schedule pause(String scheduleId) {
    return jobs.writer()
        .execute(
            tx -> {
              Schedule s = ScheduleWrites.existing(tx, scheduleId);
              return ScheduleWrites.replace(
                  tx, scheduleId, withEnabled(s.definition(), false), s.nextFireAt());
            });
  }

  @Override
  public Schedule resume(String scheduleId, Instant nextFireAt) {
    return jobs.writer()
        .execute(
            tx -> {
              Schedule s = ScheduleWrites.existing(tx, scheduleId);
              return ScheduleWrites.replace(
                  tx, scheduleId, withEnabled(s.definition(), true), nextFireAt);
            });
  }

  private static ScheduleDefinition withEnabled(ScheduleDefinition d, boolean enabled) {
    return new ScheduleDefinition(
        d.name(),
        d.cron(),
        d.timeZone(),
        d.job(),
        d.misfire(),
        d.overlap(),
        d.catchUpLimit(),
        enabled);
  }

  @Override
  public void delete(String scheduleId) {
    jobs.writer().execute(tx -> ScheduleWrites.delete(tx, scheduleId));
  }

  @Override
  public Optional<Schedule> getSchedule(String scheduleId) {
    return jobs.readers()
        .read(db -> Optional.ofNullable(ScheduleRows.get(db::prepare, scheduleId)));
  }

  @Override
  public Page<Schedule> findSchedules(ScheduleQuery query) {
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(ScheduleRows.COLUMNS)
            .append(" FROM schedules WHERE 1 = 1");
    List<Object> parameters = new ArrayList<>();
    if (query.tenantId() != null) {
      sql.append(" AND tenant_id = ?");
      parameters.add(query.tenantId());
    }
    if (query.ownerId() != null) {
      sql.append(" AND owner_id = ?");
      parameters.add(query.ownerId());
    }
    if (query.cursor() != null) {
      sql.append(" AND id < ?");
      parameters.add(query.cursor());
    }
    sql.append(" ORDER BY id DESC LIMIT ?");
    parameters.add(query.limit() + 1);
    List<Schedule> found =
        jobs.readers()
            .read(db -> ScheduleRows.schedules(db.prepare(sql.toString()), parameters.toArray()));
    if (found.size() <= query.limit()) {
      return new Page<>(found, null);
    }
    List<Schedule> page = found.subList(0, query.limit());
    return new Page<>(page, page.get(page.size() - 1).id());
  }

  @Override
  public List<Schedule> due(Instant now, int limit) {
    return jobs.readers()
        .read(
            db -> ScheduleRows.schedules(db.prepare(ScheduleRows.DUE), now.toEpochMilli(), limit));
  }

  @Override
  public FireResult fire(FireRequest request) {
    return jobs.writer().execute(tx -> ScheduleWrites.fire(tx, jobs.submits(), request));
  }

  @Override
  public Page<ScheduleFire> fires(String scheduleId, String cursor, int limit) {
    return jobs.readers()
        .read(
            db -> {
              if (ScheduleRows.get(db::prepare, scheduleId) == null) {
                throw new dev.ujm.core.schedule.ScheduleNotFoundException(scheduleId);
              }
              return ScheduleRows.fires(db::prepare, scheduleId, cursor, limit);
            });
  }
}
