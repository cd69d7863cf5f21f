package dev.ujm.store.sqlite;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobNotFoundException;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.Lease;
import dev.ujm.core.model.MoveArgs;
import dev.ujm.core.model.Progress;
import dev.ujm.core.model.StaleLeaseException;
import dev.ujm.core.model.Transition;
import dev.ujm.core.model.UjmException;
import dev.ujm.core.store.FailRequest;
import dev.ujm.core.store.HeartbeatRequest;
import dev.ujm.core.store.HeartbeatResult;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The worker's side of a job once claimed ({@link FairShares} claims it): keep the lease alive,
 * report progress and checkpoints, and end the attempt (complete, fail, hand back). Every write
 * after the claim is fenced by the lease: it matches only while the job is processing under exactly
 * that worker and attempt, so a worker that lost its lease changes nothing. Runs on the writer
 * thread inside a write task.
 */
final class LeaseWrites {
  /**
   * The lease fence: the job is in the state every fenced move starts from (processing) under
   * exactly this worker and attempt.
   */
  private static final String FENCE =
      " WHERE id = ? AND "
          + MoveSql.startsFrom(Transition.COMPLETE)
          + " AND worker_id = ? AND attempt = ?";

  private static final String RETURNING = " RETURNING " + JobRows.COLUMNS;

  private static final String COMPLETE =
      "state = 'completed', result = ?, finished_at = ?, lease_until = NULL, updated_at = ?";
  private static final String EXTEND = "UPDATE jobs SET lease_until = ?" + FENCE;
  private static final String HOLDS = "SELECT tenant_id, type FROM jobs" + FENCE;
  private static final String INSERT_RESULT =
      "INSERT INTO job_results (job_id, item) VALUES (?, ?)";

  /** Priority, then age (ids are time-ordered): the order of promoted jobs. */
  static final Comparator<Job> CLAIM_ORDER =
      Comparator.comparingInt((Job job) -> job.priority().rank()).thenComparing(Job::id);

  private LeaseWrites() {}

  /**
   * A completion's result as it is stored (its text and that text's size in UTF-8, which the
   * metered usage counts) and as it reads back from there (its tree), so the job a completion
   * returns equals every later read of it. Made by {@link #result} on the caller's thread before
   * the write task, which then only binds the text: the one writer thread does no JSON work for it.
   */
  record Result(String text, int bytes, JsonNode tree) {}

  /** The JSON work of a completion's result, which needs no database. Thread-safe. */
  static Result result(JsonNode result) {
    String text = JobRows.text(result);
    return new Result(text, text == null ? 0 : text.getBytes(UTF_8).length, JobRows.tree(text));
  }

  static HeartbeatResult heartbeat(WriteTransaction tx, HeartbeatRequest request)
      throws SQLException {
    long leaseUntil = tx.now().plus(request.leaseDuration()).toEpochMilli();
    PreparedStatement extend = tx.prepare(EXTEND);
    Set<String> lost = new LinkedHashSet<>();
    Set<String> cancelled = new LinkedHashSet<>();
    for (Lease lease : request.leases()) {
      if (StatementCache.bind(extend, leaseUntil, lease.jobId(), lease.workerId(), lease.attempt())
              .executeUpdate()
          == 0) {
        lost.add(lease.jobId());
        if (tx.stateOf(lease.jobId()) == JobState.CANCELLED) {
          cancelled.add(lease.jobId());
        }
      }
    }
    return new HeartbeatResult(Set.copyOf(lost), Set.copyOf(cancelled));
  }

  static Job progress(WriteTransaction tx, Lease lease, Progress progress) throws SQLException {
    Job job =
        fenced(tx, lease, "progress = ?, updated_at = ?", JobRows.text(progress), tx.nowMillis());
    tx.progressed(job);
    tx.leased().remember(job);
    return job;
  }

  static Job checkpoint(WriteTransaction tx, Lease lease, JsonNode checkpoint) throws SQLException {
    Job job =
        fenced(
            tx, lease, "checkpoint = ?, updated_at = ?", JobRows.text(checkpoint), tx.nowMillis());
    tx.leased().remember(job);
    return job;
  }

  /**
   * When the job under this lease is remembered, only the fenced update runs and the completed job
   * is built from the remembered one; otherwise the update reads the whole row back.
   */
  static Job complete(WriteTransaction tx, Lease lease, Result result) throws SQLException {
    Job known = tx.leased().take(lease);
    Job job;
    if (known == null) {
      job = fenced(tx, lease, COMPLETE, result.text(), tx.nowMillis(), tx.nowMillis());
    } else {
      fencedUpdate(tx, lease, COMPLETE, result.text(), tx.nowMillis(), tx.nowMillis());
      Instant now = Instant.ofEpochMilli(tx.nowMillis()); // as stored: whole milliseconds
      job =
          known.toBuilder()
              .state(JobState.COMPLETED)
              .result(result.tree()) // as read back from the stored text
              .finishedAt(now)
              .leaseUntil(null)
              .updatedAt(now)
              .build();
    }
    tx.resultStored(job.id(), result.bytes());
    tx.changed(job, Transition.COMPLETE, JobState.PROCESSING, lease.workerId());
    Dependents.completed(tx, job.id());
    return job;
  }

  /**
   * To scheduled at the retry time while attempts remain and one is given; otherwise to failed,
   * stopping dependents.
   */
  static Job fail(WriteTransaction tx, FailRequest request) throws SQLException {
    Lease lease = request.lease();
    tx.leased().forget(lease.jobId());
    int retry = request.retryAt() == null ? 0 : 1;
    Job job =
        fenced(
            tx,
            lease,
            "state = CASE WHEN ? AND attempt < max_attempts THEN 'scheduled' ELSE 'failed' END,"
                + " run_at = CASE WHEN ? AND attempt < max_attempts THEN ? ELSE run_at END,"
                + " worker_id = CASE WHEN ? AND attempt < max_attempts THEN NULL ELSE worker_id END,"
                + " finished_at = CASE WHEN ? AND attempt < max_attempts THEN NULL ELSE ? END,"
                + " errors = json_insert(ifnull(errors, '[]'), '$[#]', json(?)),"
                + " lease_until = NULL, updated_at = ?",
            retry,
            retry,
            JobRows.millis(request.retryAt()),
            retry,
            retry,
            tx.nowMillis(),
            JobRows.text(request.error()),
            tx.nowMillis());
    boolean retrying = job.state() == JobState.SCHEDULED;
    tx.changed(
        job,
        retrying ? Transition.RETRY_LATER : Transition.FAIL,
        JobState.PROCESSING,
        lease.workerId());
    if (!retrying) {
      Dependents.stopped(tx, job);
    }
    return job;
  }

  /** Back to queued without counting the attempt; the checkpoint stays for the next one. */
  static Job release(WriteTransaction tx, Lease lease, String reason) throws SQLException {
    tx.leased().forget(lease.jobId());
    Job job =
        fenced(
            tx,
            lease,
            "state = 'queued', attempt = attempt - 1, worker_id = NULL, lease_until = NULL, updated_at = ?",
            tx.nowMillis());
    tx.changed(
        job, Transition.RELEASE, JobState.PROCESSING, lease.workerId(), MoveArgs.by(null, reason));
    return job;
  }

  /** The handler ended its own job as cancelled; jobs waiting on it are cancelled too. */
  static Job cancelOwn(WriteTransaction tx, Lease lease, String reason) throws SQLException {
    tx.leased().forget(lease.jobId());
    Job job =
        fenced(
            tx,
            lease,
            "state = 'cancelled', finished_at = ?, lease_until = NULL, updated_at = ?",
            tx.nowMillis(),
            tx.nowMillis());
    tx.changed(
        job,
        Transition.CANCEL_OWN,
        JobState.PROCESSING,
        lease.workerId(),
        MoveArgs.by(null, reason));
    Dependents.stopped(tx, job);
    return job;
  }

  static Void appendResults(WriteTransaction tx, Lease lease, List<JsonNode> items)
      throws SQLException {
    String tenantId;
    String type;
    try (var held =
        StatementCache.bind(tx.prepare(HOLDS), lease.jobId(), lease.workerId(), lease.attempt())
            .executeQuery()) {
      if (!held.next()) {
        throw staleOrMissing(tx, lease);
      }
      tenantId = held.getString(1);
      type = held.getString(2);
    }
    if (!items.isEmpty()) {
      List<String> texts = items.stream().map(JobRows::text).toList();
      tx.batch(
          INSERT_RESULT, texts, (insert, text) -> StatementCache.bind(insert, lease.jobId(), text));
      long bytes = texts.stream().mapToLong(text -> text.getBytes(UTF_8).length).sum();
      tx.update(
          UsageRows.ADD_RESULT_BYTES, UsageRows.tenantKey(tenantId), tx.nowMillis(), type, bytes);
    }
    return null;
  }

  private static Job fenced(WriteTransaction tx, Lease lease, String assignments, Object... values)
      throws SQLException {
    List<Job> changed =
        tx.jobs("UPDATE jobs SET " + assignments + FENCE + RETURNING, withLease(values, lease));
    if (changed.isEmpty()) {
      throw staleOrMissing(tx, lease);
    }
    return changed.get(0);
  }

  /** The fenced update alone, reading nothing back. */
  private static void fencedUpdate(
      WriteTransaction tx, Lease lease, String assignments, Object... values) throws SQLException {
    if (tx.update("UPDATE jobs SET " + assignments + FENCE, withLease(values, lease)) == 0) {
      throw staleOrMissing(tx, lease);
    }
  }

  private static Object[] withLease(Object[] values, Lease lease) {
    Object[] parameters = new Object[values.length + 3];
    System.arraycopy(values, 0, parameters, 0, values.length);
    parameters[values.length] = lease.jobId();
    parameters[values.length + 1] = lease.workerId();
    parameters[values.length + 2] = lease.attempt();
    return parameters;
  }

  private static UjmException staleOrMissing(WriteTransaction tx, Lease lease) throws SQLException {
    return tx.stateOf(lease.jobId()) == null
        ? new JobNotFoundException(lease.jobId())
        : new StaleLeaseException(lease);
  }
}
