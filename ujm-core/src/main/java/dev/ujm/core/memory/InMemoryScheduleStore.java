package dev.ujm.core.memory;

import dev.ujm.core.model.NewJob;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The reference {@link ScheduleStore}: schedules beside the jobs of an {@link InMemoryJobStore};
 * {@link #fire} submits its jobs and moves the schedule in one step under the store's lock.
 * Thread-safe.
 */
final class InMemoryScheduleStore implements ScheduleStore {
  private final InMemoryJobStore jobs;

  InMemoryScheduleStore(InMemoryJobStore jobs) {
    this.jobs = jobs;
  }

  @Override
  public Schedule create(
      String tenantId, String ownerId, ScheduleDefinition definition, Instant nextFireAt) {
    return jobs.inWrite(
        table -> {
          Instant now = table.now();
          Schedule schedule =
              new Schedule(
                  table.nextId(),
                  tenantId,
                  ownerId,
                  definition,
                  nextFireAt,
                  null,
                  null,
                  1,
                  now,
                  now);
          table.schedules().byId.put(schedule.id(), schedule);
          return schedule;
        });
  }

  @Override
  public Schedule replace(String scheduleId, ScheduleDefinition definition, Instant nextFireAt) {
    return change(scheduleId, s -> definition, nextFireAt);
  }

  @Override
  public Schedule pause(String scheduleId) {
    return jobs.inWrite(
        table -> {
          Schedule s = existing(table, scheduleId);
          return save(table, s, withEnabled(s.definition(), false), s.nextFireAt());
        });
  }

  @Override
  public Schedule resume(String scheduleId, Instant nextFireAt) {
    return change(scheduleId, s -> withEnabled(s.definition(), true), nextFireAt);
  }

  private Schedule change(
      String scheduleId,
      java.util.function.Function<Schedule, ScheduleDefinition> definition,
      Instant nextFireAt) {
    return jobs.inWrite(
        table -> {
          Schedule s = existing(table, scheduleId);
          return save(table, s, definition.apply(s), nextFireAt);
        });
  }

  private static Schedule save(
      InMemoryJobTable table, Schedule s, ScheduleDefinition definition, Instant nextFireAt) {
    Schedule next = s.next(definition, nextFireAt, s.lastFireAt(), s.lastJobId(), table.now());
    table.schedules().byId.put(next.id(), next);
    return next;
  }

  static ScheduleDefinition withEnabled(ScheduleDefinition d, boolean enabled) {
    return d.withEnabled(enabled);
  }

  @Override
  public void delete(String scheduleId) {
    jobs.inWrite(
        table -> {
          existing(table, scheduleId);
          table.schedules().delete(scheduleId);
          return null;
        });
  }

  @Override
  public Optional<Schedule> getSchedule(String scheduleId) {
    return jobs.inRead(table -> Optional.ofNullable(table.schedules().byId.get(scheduleId)));
  }

  @Override
  public Page<Schedule> findSchedules(ScheduleQuery query) {
    return jobs.inRead(
        table -> {
          List<Schedule> page = new ArrayList<>();
          String next = null;
          for (Schedule s : table.schedules().byId.descendingMap().values()) {
            if ((query.tenantId() != null && !query.tenantId().equals(s.tenantId()))
                || (query.ownerId() != null && !query.ownerId().equals(s.ownerId()))
                || (query.cursor() != null && s.id().compareTo(query.cursor()) >= 0)) {
              continue;
            }
            if (page.size() == query.limit()) {
              next = page.get(page.size() - 1).id();
              break;
            }
            page.add(s);
          }
          return new Page<>(page, next);
        });
  }

  @Override
  public List<Schedule> due(Instant now, int limit) {
    return jobs.inRead(
        table ->
            table.schedules().byId.values().stream()
                .filter(s -> s.enabled() && s.nextFireAt() != null && !s.nextFireAt().isAfter(now))
                .sorted(Comparator.comparing(Schedule::nextFireAt))
                .limit(limit)
                .toList());
  }

  @Override
  public FireResult fire(FireRequest request) {
    return jobs.inWrite(
        table -> {
          Schedule s = existing(table, request.scheduleId());
          if (request.expectedVersion() != null && s.version() != request.expectedVersion()) {
            return new FireResult(false, s, List.of());
          }
          for (FireRequest.Fire fire : request.jobs()) {
            if (table.repeatOf(fire.job()) == null) {
              table.checkNew(fire.job());
            }
          }
          Instant now = table.now();
          List<SubmitResult> results = new ArrayList<>();
          List<ScheduleFire> lines = new ArrayList<>(request.unfired());
          FireRequest.Fire last = null;
          for (FireRequest.Fire fire : request.jobs()) {
            NewJob job = fire.job();
            SubmitResult result = table.insert(job);
            results.add(result);
            lines.add(
                new ScheduleFire(s.id(), fire.fireAt(), fire.outcome(), result.job().id(), now));
            last = fire;
          }
          lines.sort(Comparator.comparing(ScheduleFire::fireAt));
          table.schedules().firesOf(s.id()).addAll(lines);
          String lastJob = s.lastJobId();
          Instant lastFire = s.lastFireAt();
          if (last != null) {
            lastJob = results.get(results.size() - 1).job().id();
            lastFire = last.fireAt();
          }
          Schedule next =
              s.next(
                  s.definition(),
                  request.expectedVersion() == null ? s.nextFireAt() : request.nextFireAt(),
                  lastFire,
                  lastJob,
                  now);
          table.schedules().byId.put(next.id(), next);
          return new FireResult(true, next, results);
        });
  }

  @Override
  public Page<ScheduleFire> fires(String scheduleId, String cursor, int limit) {
    return jobs.inRead(
        table -> {
          existing(table, scheduleId);
          List<ScheduleFire> all = table.schedules().firesOf(scheduleId);
          int from = cursor == null ? all.size() : Integer.parseInt(cursor);
          List<ScheduleFire> page = new ArrayList<>();
          int i = from - 1;
          for (; i >= 0 && page.size() < limit; i--) {
            page.add(all.get(i));
          }
          return new Page<>(page, i >= 0 ? Integer.toString(i + 1) : null);
        });
  }

  private static Schedule existing(InMemoryJobTable table, String scheduleId) {
    Schedule s = table.schedules().byId.get(Objects.requireNonNull(scheduleId));
    if (s == null) {
      throw new ScheduleNotFoundException(scheduleId);
    }
    return s;
  }
}
