package dev.ujm.store.sqlite;

import dev.ujm.core.schedule.FireRequest;
import dev.ujm.core.schedule.FireResult;
import dev.ujm.core.schedule.Schedule;
import dev.ujm.core.schedule.ScheduleDefinition;
import dev.ujm.core.schedule.ScheduleFire;
import dev.ujm.core.schedule.ScheduleNotFoundException;
import dev.ujm.core.store.SubmitResult;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The schedule moves of the embedded store, each one write task. Every change bumps the version;
 * {@link #fire} submits its jobs through {@link SubmitWrites} and moves the schedule in the same
 * transaction, only while the version is the one the decision was made on. Runs on the writer
 * thread.
 */
final class ScheduleWrites {
  static final String INSERT =
      "INSERT INTO schedules (id, tenant_id, owner_id, definition, enabled, next_fire_at,"
          + " version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)";
  static final String REPLACE =
      "UPDATE schedules SET definition = ?, enabled = ?, next_fire_at = ?, version = version + 1,"
          + " updated_at = ? WHERE id = ?";
  static final String FIRED =
      "UPDATE schedules SET next_fire_at = ?, last_fire_at = ?, last_job_id = ?,"
          + " version = version + 1, updated_at = ? WHERE id = ? AND version = ?";
  static final String INSERT_FIRE =
      "INSERT INTO schedule_fires (schedule_id, fire_at, outcome, job_id, at) VALUES (?, ?, ?, ?, ?)";

  private ScheduleWrites() {}

  static Schedule create(
      WriteTransaction tx,
      String id,
      String tenantId,
      String ownerId,
      ScheduleDefinition definition,
      Instant nextFireAt)
      throws SQLException {
    tx.update(
        INSERT,
        id,
        tenantId,
        ownerId,
        ScheduleRows.text(definition),
        definition.enabled() ? 1 : 0,
        JobRows.millis(nextFireAt),
        tx.nowMillis(),
        tx.nowMillis());
    return existing(tx, id);
  }

  /** A new definition (and with it, enabled or not) and next fire. */
  static Schedule replace(
      WriteTransaction tx, String id, ScheduleDefinition definition, Instant nextFireAt)
      throws SQLException {
    existing(tx, id);
    tx.update(
        REPLACE,
        ScheduleRows.text(definition),
        definition.enabled() ? 1 : 0,
        JobRows.millis(nextFireAt),
        tx.nowMillis(),
        id);
    return existing(tx, id);
  }

  static Void delete(WriteTransaction tx, String id) throws SQLException {
    existing(tx, id);
    tx.update("DELETE FROM schedule_fires WHERE schedule_id = ?", id);
    tx.update("DELETE FROM schedules WHERE id = ?", id);
    return null;
  }

  static FireResult fire(WriteTransaction tx, SubmitWrites submits, FireRequest request)
      throws SQLException {
    Schedule s = existing(tx, request.scheduleId());
    if (request.expectedVersion() != null && s.version() != request.expectedVersion()) {
      return new FireResult(false, s, List.of());
    }
    List<SubmitResult> results =
        request.jobs().isEmpty()
            ? List.of()
            : submits.submitAll(tx, request.jobs().stream().map(FireRequest.Fire::job).toList());
    List<ScheduleFire> lines = new ArrayList<>(request.unfired());
    for (int i = 0; i < results.size(); i++) {
      FireRequest.Fire fire = request.jobs().get(i);
      lines.add(
          new ScheduleFire(
              s.id(), fire.fireAt(), fire.outcome(), results.get(i).job().id(), tx.now()));
    }
    lines.sort(Comparator.comparing(ScheduleFire::fireAt));
    for (ScheduleFire line : lines) {
      tx.update(
          INSERT_FIRE,
          s.id(),
          line.fireAt().toEpochMilli(),
          line.outcome().wireName(),
          line.jobId(),
          tx.nowMillis());
    }
    Instant lastFire = s.lastFireAt();
    String lastJob = s.lastJobId();
    if (!results.isEmpty()) {
      lastFire = request.jobs().get(results.size() - 1).fireAt();
      lastJob = results.get(results.size() - 1).job().id();
    }
    Instant next = request.expectedVersion() == null ? s.nextFireAt() : request.nextFireAt();
    tx.update(
        FIRED,
        JobRows.millis(next),
        JobRows.millis(lastFire),
        lastJob,
        tx.nowMillis(),
        s.id(),
        s.version());
    return new FireResult(true, existing(tx, s.id()), results);
  }

  static Schedule existing(WriteTransaction tx, String id) throws SQLException {
    Schedule s = ScheduleRows.get(tx::prepare, id);
    if (s == null) {
      throw new ScheduleNotFoundException(id);
    }
    return s;
  }
}
