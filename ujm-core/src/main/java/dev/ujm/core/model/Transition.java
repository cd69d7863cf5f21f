package dev.ujm.core.model;

import static dev.ujm.core.model.JobState.CANCELLED;
import static dev.ujm.core.model.JobState.COMPLETED;
import static dev.ujm.core.model.JobState.FAILED;
import static dev.ujm.core.model.JobState.PROCESSING;
import static dev.ujm.core.model.JobState.QUEUED;
import static dev.ujm.core.model.JobState.SCHEDULED;
import static dev.ujm.core.model.JobState.WAITING;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one table of named moves a job can make: for each, the states it may start from, the state it
 * ends in, who makes it (the actor written to the audit trail unless the caller names one), the
 * reason written unless the caller gives one, whether a worker makes it under its lease (fenced),
 * and how it changes the job's other fields ({@link #apply}). {@link JobState#canMoveTo} is derived
 * from this table; every store computes or checks its changes against it, so nothing else decides
 * what may follow what. The table, with who may call each move, is in {@code docs/architecture.md}.
 *
 * <p>Three moves create a job ({@link #SUBMIT}, {@link #SUBMIT_SCHEDULED}, {@link
 * #SUBMIT_WAITING}); they start from no state and are made by {@link #submitted}.
 */
public enum Transition {
  /** A new job that may run now. */
  SUBMIT(none(), QUEUED, Actor.CALLER, "submitted", false),
  /** A new job whose run time is ahead. */
  SUBMIT_SCHEDULED(none(), SCHEDULED, Actor.CALLER, "submitted", false),
  /** A new job with a dependency not yet completed (wins over a run time ahead). */
  SUBMIT_WAITING(none(), WAITING, Actor.CALLER, "submitted", false),

  /** A worker takes the job under a lease; the attempt counts from here. */
  CLAIM(EnumSet.of(QUEUED), PROCESSING, Actor.WORKER, "claimed", false),
  /** The handler succeeded. */
  COMPLETE(EnumSet.of(PROCESSING), COMPLETED, Actor.WORKER, "completed", true),
  /** The attempt failed and attempts remain: run again at the retry time. */
  RETRY_LATER(EnumSet.of(PROCESSING), SCHEDULED, Actor.WORKER, "retry scheduled", true),
  /** The attempt failed for good, or was the last: the dead-letter queue. */
  FAIL(EnumSet.of(PROCESSING), FAILED, Actor.WORKER, "failed", true),
  /** A graceful hand-back (shutdown): queued again, the attempt given back, checkpoint kept. */
  RELEASE(EnumSet.of(PROCESSING), QUEUED, Actor.WORKER, "released", true),
  /** The handler itself ended the job as cancelled. */
  CANCEL_OWN(EnumSet.of(PROCESSING), CANCELLED, Actor.WORKER, "cancelled by its handler", true),

  /** Someone stopped the job; a running one is interrupted. */
  CANCEL(
      EnumSet.of(SCHEDULED, WAITING, QUEUED, PROCESSING),
      CANCELLED,
      Actor.CALLER,
      "cancelled",
      false),
  /** A failed or cancelled job re-driven for one more attempt; its dependencies are completed. */
  RETRY(EnumSet.of(FAILED, CANCELLED), QUEUED, Actor.CALLER, "retried", false),
  /** A failed or cancelled job re-driven while one of its dependencies is still open. */
  RETRY_WAITING(
      EnumSet.of(FAILED, CANCELLED),
      WAITING,
      Actor.CALLER,
      "retried, waiting for dependencies",
      false),

  /** The scheduled-job promoter: the run time has come. */
  PROMOTE(EnumSet.of(SCHEDULED), QUEUED, Actor.SCHEDULER, "run time reached", false),
  /** The orphan reaper: the worker's lease ran out and attempts remain. */
  REQUEUE_EXPIRED(EnumSet.of(PROCESSING), QUEUED, Actor.ORPHAN_REAPER, "lease expired", false),
  /** The orphan reaper: the lease ran out on the last attempt. */
  EXPIRE(
      EnumSet.of(PROCESSING),
      FAILED,
      Actor.ORPHAN_REAPER,
      "lease expired, attempts exhausted",
      false),
  /** A restarted node gives back at once what it held before; the attempt is given back. */
  REQUEUE_HELD(EnumSet.of(PROCESSING), QUEUED, Actor.SYSTEM, "node restarted", false),

  /** The last dependency completed and the run time has come (or there is none). */
  RELEASE_DEPENDENT(EnumSet.of(WAITING), QUEUED, Actor.SYSTEM, "dependencies completed", false),
  /** The last dependency completed; the run time is still ahead. */
  RELEASE_DEPENDENT_SCHEDULED(
      EnumSet.of(WAITING), SCHEDULED, Actor.SYSTEM, "dependencies completed", false),
  /** A dependency failed or was cancelled, so the job can never run. */
  CANCEL_DEPENDENT(EnumSet.of(WAITING), CANCELLED, Actor.SYSTEM, "dependency stopped", false),
  /**
   * A dependency whose failure cancelled this job was retried: the job waits for it again. Only
   * jobs whose last move was {@link #CANCEL_DEPENDENT} are re-armed.
   */
  REARM_DEPENDENT(EnumSet.of(CANCELLED), WAITING, Actor.SYSTEM, "dependency retried", false),

  /**
   * Every parent has ended, not all completed, and the job runs then ({@code runWhen: failed} or
   * {@code finished}): a compensation or clean-up step starts.
   */
  RELEASE_AFTER_FAILURE(
      EnumSet.of(WAITING), QUEUED, Actor.SYSTEM, "dependencies ended, not all completed", false),
  /**
   * A batch or workflow callback ({@code onComplete} / {@code onFailure}): every job of its batch
   * has ended as its rule asks; it runs once, with the summary of their outcomes in its payload.
   */
  RELEASE_CALLBACK(EnumSet.of(WAITING), QUEUED, Actor.SYSTEM, "batch finished", false),
  /** The job became runnable but its {@code runIf} condition on its parents' results is false. */
  CANCEL_CONDITION(EnumSet.of(WAITING), CANCELLED, Actor.SYSTEM, "condition-false", false);

  /** The actors the audit trail names when the caller does not. */
  public static final class Actor {
    /** Stands for "the caller's actor, else {@link #SYSTEM}". */
    static final String CALLER = null;

    public static final String WORKER = "worker";
    public static final String SCHEDULER = "scheduler";
    public static final String ORPHAN_REAPER = "orphan-reaper";
    public static final String SYSTEM = "system";

    private Actor() {}
  }

  private final Set<JobState> from;
  private final JobState to;
  private final String actor;
  private final String reason;
  private final boolean fenced;

  Transition(Set<JobState> from, JobState to, String actor, String reason, boolean fenced) {
    this.from = Collections.unmodifiableSet(from);
    this.to = to;
    this.actor = actor;
    this.reason = reason;
    this.fenced = fenced;
  }

  private static Set<JobState> none() {
    return EnumSet.noneOf(JobState.class);
  }

  /** The states this move may start from; empty for the moves that create a job. */
  public Set<JobState> from() {
    return from;
  }

  public JobState to() {
    return to;
  }

  /** The actor written when the caller names none. */
  public String defaultActor() {
    return actor == null ? Actor.SYSTEM : actor;
  }

  /** The reason written when the caller gives none. */
  public String defaultReason() {
    return reason;
  }

  /**
   * Whether a worker makes this move under its lease: the store accepts it only while the job is
   * processing under exactly that worker and attempt.
   */
  public boolean isFenced() {
    return fenced;
  }

  /** Whether this move creates a job. */
  public boolean isSubmit() {
    return from.isEmpty();
  }

  /** The wire name, as in the audit trail: {@code retry-later}, {@code cancel-dependent}, … */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Parses a wire name.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static Transition parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("unknown transition '" + name + "'");
    }
  }

  /** The moves that lead from one state to another, in table order; empty when none does. */
  public static List<Transition> between(JobState from, JobState to) {
    List<Transition> moves = new ArrayList<>();
    for (Transition t : values()) {
      if (t.from.contains(from) && t.to == to) {
        moves.add(t);
      }
    }
    return moves;
  }

  /**
   * Checks that this move may start from the job's state.
   *
   * @throws IllegalTransitionException when it may not
   */
  public void check(Job job) {
    if (!from.contains(job.state())) {
      throw new IllegalTransitionException(job.id(), job.state(), to);
    }
  }

  /**
   * The job after this move and its audit event: the one pure definition of what each move changes.
   * Every move sets the state and {@code updatedAt = now}; then:
   *
   * <pre>
   * claim            attempt + 1, workerId, leaseUntil, startedAt (first attempt only)
   * complete         result, finishedAt, leaseUntil cleared
   * retry-later      error appended, runAt = retry time, worker and lease cleared
   * fail, expire     error appended, finishedAt, lease cleared (the last worker is kept)
   * release          attempt - 1, worker and lease cleared (the checkpoint is kept)
   * requeue-held     attempt - 1, worker and lease cleared
   * requeue-expired  error appended, worker and lease cleared
   * cancel-own       finishedAt, lease cleared
   * cancel           finishedAt, lease cleared
   * cancel-dependent finishedAt
   * retry, retry-waiting  maxAttempts = attempt + 1, runAt, finishedAt, worker and lease cleared
   * rearm-dependent  finishedAt cleared
   * cancel-condition finishedAt
   * release-callback payload = the payload with the batch summary
   * promote, release-dependent(-scheduled), release-after-failure  nothing else
   * </pre>
   *
   * The event names the worker that holds or takes the job in this move (the one it carries after
   * the move, else the one before), the actor and reason of {@code args} or this move's defaults.
   *
   * @throws IllegalTransitionException when the job's state is not one this move starts from
   * @throws IllegalArgumentException when a value the move needs is missing from {@code args}
   */
  public Move apply(Job job, MoveArgs args, Instant now) {
    if (isSubmit()) {
      throw new IllegalArgumentException(this + " creates a job: use Transition.submitted");
    }
    check(job);
    JobBuilder b = job.toBuilder().state(to).updatedAt(now);
    switch (this) {
      case CLAIM ->
          b.attempt(job.attempt() + 1)
              .workerId(required(args.workerId(), "workerId"))
              .leaseUntil(required(args.leaseUntil(), "leaseUntil"))
              .startedAt(job.startedAt() == null ? now : job.startedAt());
      case COMPLETE -> b.result(args.result()).finishedAt(now).leaseUntil(null);
      case RETRY_LATER ->
          b.errors(appended(job, args))
              .runAt(required(args.runAt(), "runAt"))
              .workerId(null)
              .leaseUntil(null);
      case FAIL, EXPIRE -> b.errors(appended(job, args)).finishedAt(now).leaseUntil(null);
      case RELEASE, REQUEUE_HELD -> b.attempt(job.attempt() - 1).workerId(null).leaseUntil(null);
      case REQUEUE_EXPIRED -> b.errors(appended(job, args)).workerId(null).leaseUntil(null);
      case CANCEL_OWN, CANCEL -> b.finishedAt(now).leaseUntil(null);
      case CANCEL_DEPENDENT, CANCEL_CONDITION -> b.finishedAt(now);
      case RELEASE_CALLBACK -> b.payload(required(args.payload(), "payload"));
      case RETRY, RETRY_WAITING ->
          b.maxAttempts(job.attempt() + 1)
              .runAt(null)
              .finishedAt(null)
              .workerId(null)
              .leaseUntil(null);
      case REARM_DEPENDENT -> b.finishedAt(null);
      case PROMOTE, RELEASE_DEPENDENT, RELEASE_DEPENDENT_SCHEDULED, RELEASE_AFTER_FAILURE -> {}
      case SUBMIT, SUBMIT_SCHEDULED, SUBMIT_WAITING -> throw new AssertionError(this);
    }
    Job next = b.build();
    return new Move(next, audit(job.state(), next, job.workerId(), args, now));
  }

  /**
   * The audit event of this move, for stores that compute the next snapshot themselves (in SQL,
   * say): checks that the move leads from {@code from} to the state of {@code after} and names the
   * worker that holds or takes the job in it (the one {@code after} carries, else {@code
   * workerBefore}).
   *
   * @param from the state before; null for the moves that create a job
   * @throws IllegalTransitionException when this move does not lead from {@code from} to {@code
   *     after}'s state
   */
  public JobEvent audit(JobState from, Job after, String workerBefore, MoveArgs args, Instant now) {
    boolean fits = from == null ? isSubmit() : this.from.contains(from);
    if (!fits || after.state() != to) {
      throw new IllegalTransitionException(
          after.id(),
          from == null ? after.state() : from,
          after.state(),
          "not a " + wireName() + " move");
    }
    String worker = after.workerId() != null ? after.workerId() : workerBefore;
    return event(after.id(), from, after.attempt(), worker, args, now);
  }

  /**
   * The move that creates a job: {@link #SUBMIT_WAITING} while a dependency is open (this wins),
   * else {@link #SUBMIT_SCHEDULED} when its run time is after now, else {@link #SUBMIT}.
   */
  public static Transition forNewJob(boolean openDependency, Instant runAt, Instant now) {
    if (openDependency) {
      return SUBMIT_WAITING;
    }
    return runAt != null && runAt.isAfter(now) ? SUBMIT_SCHEDULED : SUBMIT;
  }

  /**
   * A new job as every store stores it, with its submit event: the store defaults (queue = type,
   * medium priority, {@value #DEFAULT_MAX_ATTEMPTS} attempts, an empty object for a null payload)
   * filled in, created and updated now. The payload is taken as given; a store that keeps it in
   * another form passes the form it reads back.
   *
   * @param submit one of the three submit moves ({@link #forNewJob})
   */
  public static Move submitted(Transition submit, NewJob job, String id, Instant now) {
    if (!submit.isSubmit()) {
      throw new IllegalArgumentException(submit + " does not create a job");
    }
    Job stored =
        new JobBuilder()
            .id(id)
            .type(job.type())
            .queue(job.queue() == null ? job.type() : job.queue())
            .priority(job.priority() == null ? Priority.MEDIUM : job.priority())
            .tenantId(job.tenantId())
            .ownerId(job.ownerId())
            .payload(job.payload() == null ? JsonNodeFactory.instance.objectNode() : job.payload())
            .state(submit.to)
            .maxAttempts(job.maxAttempts() == null ? DEFAULT_MAX_ATTEMPTS : job.maxAttempts())
            .runAt(job.runAt())
            .timeoutSeconds(job.timeoutSeconds())
            .idempotencyKey(job.idempotencyKey())
            .dependsOn(job.dependsOn())
            .tags(job.tags())
            .retryBackoff(job.retryBackoff())
            .rule(job.rule())
            .cost(job.cost() == null ? NewJob.DEFAULT_COST : job.cost())
            .createdAt(now)
            .updatedAt(now)
            .build();
    return new Move(stored, submit.audit(null, stored, null, MoveArgs.by(job.actor(), null), now));
  }

  /** Attempts a job gets when its submit names none. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  private JobEvent event(
      String jobId, JobState before, int attempt, String worker, MoveArgs args, Instant now) {
    return new JobEvent(
        jobId,
        before,
        to,
        attempt,
        worker,
        args.actor() != null ? args.actor() : defaultActor(),
        args.reason() != null ? args.reason() : reason,
        now,
        this);
  }

  private List<JobError> appended(Job job, MoveArgs args) {
    List<JobError> errors = new ArrayList<>(job.errors());
    errors.add(required(args.error(), "error"));
    return errors;
  }

  private <T> T required(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(wireName() + " needs " + name);
    }
    return value;
  }

  /** A job after a move, with the audit event of that move. */
  public record Move(Job job, JobEvent event) {}
}
