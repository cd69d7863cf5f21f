package dev.ujm.store.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ujm.core.model.IdempotencyConflictException;
import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobIds;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.MoveArgs;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.Transition;
import dev.ujm.core.store.SubmitResult;
import dev.ujm.core.workflow.Readiness;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Stores new jobs: fills the store defaults, decides the first state, honours idempotency keys and
 * writes the rows, their dependencies, tags and submit events in batches (one round of statements
 * for a whole batch, not one per job). The JSON work ({@link #prepare}) can be done on the caller's
 * thread before the write task, so the one writer thread only binds text; the rest runs on the
 * writer thread inside a write task.
 */
final class SubmitWrites {
  static final String BY_KEY =
      "SELECT "
          + JobRows.COLUMNS
          + " FROM jobs"
          + " WHERE ifnull(tenant_id, 0) = ifnull(?, 0) AND idempotency_key = ? AND idempotency_key IS NOT NULL";
  private static final String INSERT_DEPENDENCY =
      "INSERT OR IGNORE INTO job_dependencies (depends_on, job_id) VALUES (?, ?)";
  private static final String INSERT_TAG =
      "INSERT OR IGNORE INTO job_tags (tag, job_id) VALUES (?, ?)";

  private final JobIds ids;

  SubmitWrites(JobIds ids) {
    this.ids = ids;
  }

  /**
   * A new job with its payload in the form it will read back from the database, and the text of
   * that payload as it is stored.
   */
  record Prepared(NewJob job, String payloadText) {}

  /** A created job and the payload text its row is inserted with. */
  private record Created(Job job, String payloadText) {}

  /**
   * The JSON work of a submit, which needs no database: each payload written as text once, and read
   * back from it, so the snapshot a submit returns equals every later read of the job, down to
   * number node types. Thread-safe.
   */
  static List<Prepared> prepare(List<NewJob> jobs) {
    List<Prepared> prepared = new ArrayList<>(jobs.size());
    for (NewJob job : jobs) {
      JsonNode payload =
          job.payload() == null ? JsonNodeFactory.instance.objectNode() : job.payload();
      String text = JobRows.text(payload);
      prepared.add(new Prepared(job.toBuilder().payload(JobRows.tree(text)).build(), text));
    }
    return prepared;
  }

  /** A new time-ordered id (workflows and schedules take theirs from the same generator). */
  String nextId() {
    return ids.next();
  }

  /**
   * Submits the jobs in order, all or nothing (a rejected job throws and the task's savepoint
   * undoes the rest). A key repeated within the call, or already stored for the tenant, yields the
   * first job with {@code created = false}; a key another owner of the tenant used first is
   * refused.
   *
   * @throws InvalidJobException when a dependency is unknown, failed or cancelled
   * @throws IdempotencyConflictException when another owner used the idempotency key first
   */
  List<SubmitResult> submitAll(WriteTransaction tx, List<NewJob> jobs) throws SQLException {
    return submitPrepared(tx, prepare(jobs));
  }

  /** {@link #submitAll} of jobs whose JSON work was done before ({@link #prepare}). */
  List<SubmitResult> submitPrepared(WriteTransaction tx, List<Prepared> jobs) throws SQLException {
    List<SubmitResult> results = new ArrayList<>(jobs.size());
    List<Created> created = new ArrayList<>(jobs.size());
    Map<List<String>, Job> keysOfThisCall = new HashMap<>();
    for (Prepared prepared : jobs) {
      NewJob job = prepared.job();
      List<String> key = job.idempotencyKey() == null ? null : keyOf(job);
      Job existing = key == null ? null : keysOfThisCall.get(key);
      if (key != null && existing == null) {
        List<Job> stored = tx.jobs(BY_KEY, job.tenantId(), job.idempotencyKey());
        existing = stored.isEmpty() ? null : stored.get(0);
      }
      if (existing != null) {
        if (!Objects.equals(existing.ownerId(), job.ownerId())) {
          throw new IdempotencyConflictException(job.idempotencyKey());
        }
        results.add(new SubmitResult(existing, false));
        continue;
      }
      Transition submit = firstMove(tx, job);
      Job stored = Transition.submitted(submit, job, ids.next(), tx.now()).job();
      created.add(new Created(stored, prepared.payloadText()));
      results.add(new SubmitResult(stored, true));
      if (key != null) {
        keysOfThisCall.put(key, stored);
      }
      tx.changed(stored, submit, null, null, MoveArgs.by(job.actor(), null));
    }
    insert(tx, created);
    for (int i = 0; i < results.size(); i++) {
      Job job = results.get(i).job();
      if (results.get(i).created() && judgedAfterInsert(job)) {
        // A job with a rule waits, then is judged in the same step: it may run at once, or its
        // condition may already be false.
        Job after = RuleDependents.settleOne(tx, job, null, null);
        if (after != job) {
          results.set(i, new SubmitResult(after, true));
          if (after.state() == JobState.CANCELLED) {
            Dependents.stopped(tx, after);
          }
        }
      }
    }
    return results;
  }

  private static boolean judgedAfterInsert(Job job) {
    return job.rule() != null && !job.dependsOn().isEmpty();
  }

  private static List<String> keyOf(NewJob job) {
    // A two-element list tells "no tenant" (null) apart from every tenant name.
    return Arrays.asList(job.tenantId(), job.idempotencyKey());
  }

  /**
   * Waiting while a dependency is open (this wins), else scheduled when its run time is ahead, else
   * queued.
   */
  private static Transition firstMove(WriteTransaction tx, NewJob job) throws SQLException {
    if (job.type() == null || job.type().isBlank()) {
      throw new InvalidJobException(
          InvalidJobException.Reason.UNKNOWN_TYPE, "type", "a job type is required");
    }
    List<JobState> states = new ArrayList<>();
    String stopped = null;
    for (String dependency : new LinkedHashSet<>(job.dependsOn())) {
      JobState state = tx.stateOf(dependency);
      if (state == null) {
        throw invalidDependency("no job with id " + dependency);
      }
      states.add(state);
      if (stopped == null && (state == JobState.FAILED || state == JobState.CANCELLED)) {
        stopped = "job " + dependency + " has already " + state.wireName();
      }
    }
    Readiness.Verdict verdict = Readiness.judge(job.rule(), Readiness.ParentCounts.of(states));
    if (verdict == Readiness.Verdict.NEVER) {
      throw invalidDependency(
          stopped != null
              ? stopped
              : "every dependency has already completed, so a runWhen failed job can never run");
    }
    if (job.rule() != null && !job.dependsOn().isEmpty()) {
      return Transition.SUBMIT_WAITING;
    }
    return Transition.forNewJob(verdict == Readiness.Verdict.WAIT, job.runAt(), tx.now());
  }

  private static InvalidJobException invalidDependency(String message) {
    return new InvalidJobException(InvalidJobException.Reason.INVALID_OPTION, "dependsOn", message);
  }

  private static void insert(WriteTransaction tx, List<Created> created) throws SQLException {
    if (created.isEmpty()) {
      return;
    }
    tx.insertRows(
        JobRows.INSERT,
        JobRows.INSERT_COLUMNS,
        created,
        (insert, offset, row) -> JobRows.bindInsert(insert, offset, row.job(), row.payloadText()));
    List<Object[]> dependencies = new ArrayList<>();
    List<Object[]> tags = new ArrayList<>();
    for (Created row : created) {
      Job job = row.job();
      job.dependsOn().forEach(dependency -> dependencies.add(new Object[] {dependency, job.id()}));
      job.tags().forEach(tag -> tags.add(new Object[] {tag, job.id()}));
    }
    if (!dependencies.isEmpty()) {
      tx.batch(INSERT_DEPENDENCY, dependencies, StatementCache::bind);
    }
    if (!tags.isEmpty()) {
      tx.batch(INSERT_TAG, tags, StatementCache::bind);
    }
  }
}
