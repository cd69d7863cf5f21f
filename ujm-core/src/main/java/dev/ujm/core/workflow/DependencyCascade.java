package dev.ujm.core.workflow;

import static dev.ujm.core.model.JobState.CANCELLED;
import static dev.ujm.core.model.JobState.COMPLETED;
import static dev.ujm.core.model.JobState.FAILED;
import static dev.ujm.core.model.JobState.WAITING;

import dev.ujm.core.model.IllegalTransitionException;
import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.InvalidJobException.Reason;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.MoveArgs;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.Transition;
import dev.ujm.core.workflow.Readiness.ParentCounts;
import dev.ujm.core.workflow.Readiness.Verdict;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The rules of dependencies, for a store that keeps its jobs where a lookup by id is cheap (in
 * memory, or one document per job): which move a new or retried job makes, and the cascades after a
 * job ends or is retried, judged by {@link Readiness}. Every change goes through {@link
 * Graph#move}, so a store makes each one with its own atomic, conditional write. Not thread-safe: a
 * store runs it under its lock, or with conditional writes that refuse a stale step.
 */
public final class DependencyCascade {

  /** What the cascade reads and writes of a store's jobs. */
  public interface Graph {
    /** The job, or null when it does not exist (a purged dependency counts as completed). */
    Job job(String jobId);

    /** Ids of the jobs that depend on this one. */
    List<String> dependentsOf(String jobId);

    /** The named move of the job's last audit event, or null. */
    Transition lastTransition(String jobId);

    /** Makes one named move ({@link Transition#apply}) and returns the job after it. */
    Job move(Job job, Transition transition, MoveArgs args);

    /** Each job id's ref in a workflow, for a batch callback's summary. */
    Map<String, String> refs(String workflowId);

    Instant now();
  }

  /** What is left to do after a move: the cascade over the jobs that depend on one job. */
  public enum Kind {
    /** The job completed: release the dependents whose dependencies are all done. */
    RELEASE_DEPENDENTS,
    /** The job failed or was cancelled: cancel what waits on it, down the chain. */
    CANCEL_DEPENDENTS,
    /** The job was retried: re-arm what its failure cancelled, down the chain. */
    REARM_DEPENDENTS
  }

  private final Graph graph;

  public DependencyCascade(Graph graph) {
    this.graph = graph;
  }

  /**
   * Checks a new job's type and dependencies without storing anything; returns whether a dependency
   * is still open.
   *
   * @throws InvalidJobException for a missing type, or a dependency that does not exist or has
   *     failed or been cancelled
   */
  public boolean checkNew(NewJob job) {
    if (job.type() == null || job.type().isBlank()) {
      throw new InvalidJobException(Reason.UNKNOWN_TYPE, "type", "a job type is required");
    }
    List<JobState> states = new ArrayList<>();
    Job stopped = null;
    for (String dependency : job.dependsOn()) {
      Job d = graph.job(dependency);
      if (d == null) {
        throw new InvalidJobException(
            Reason.INVALID_OPTION, "dependsOn", "no job with id " + dependency);
      }
      states.add(d.state());
      if (stopped == null && (d.state() == FAILED || d.state() == CANCELLED)) {
        stopped = d;
      }
    }
    Verdict verdict = Readiness.judge(job.rule(), ParentCounts.of(states));
    if (verdict == Verdict.NEVER) {
      throw new InvalidJobException(
          Reason.INVALID_OPTION,
          "dependsOn",
          stopped != null
              ? "job " + stopped.id() + " has already " + stopped.state().wireName()
              : "every dependency has already completed, so a runWhen failed job can never run");
    }
    return verdict == Verdict.WAIT;
  }

  /** Whether a new job carries a rule, so it waits and is judged right after it is stored. */
  public static boolean judgedAfterSubmit(NewJob job) {
    return job.rule() != null && !job.dependsOn().isEmpty();
  }

  /**
   * Judges one waiting job by its rule and its parents now ({@link Readiness}): leaves it waiting,
   * releases it (by the move the rule names), or cancels it, naming {@code cause} (the parent that
   * decided it). Returns the job after.
   */
  public Job settle(Job dependent, Job cause) {
    List<Job> parents = new ArrayList<>();
    List<JobState> states = new ArrayList<>();
    for (String id : dependent.dependsOn()) {
      Job parent = graph.job(id);
      states.add(parent == null ? null : parent.state());
      if (parent != null) {
        parents.add(parent);
      }
    }
    Verdict verdict = Readiness.judge(dependent.rule(), ParentCounts.of(states));
    if (verdict == Verdict.WAIT) {
      return dependent;
    }
    if (verdict == Verdict.NEVER) {
      Job why = cause != null ? cause : parents.get(parents.size() - 1);
      return graph.move(
          dependent,
          Transition.CANCEL_DEPENDENT,
          MoveArgs.by(null, "dependency " + why.id() + " " + why.state().wireName()));
    }
    if (!Readiness.conditionHolds(dependent.rule(), parents)) {
      return graph.move(dependent, Transition.CANCEL_CONDITION, MoveArgs.defaults());
    }
    Transition release =
        Readiness.releaseMove(dependent.rule(), verdict, dependent.runAt(), graph.now());
    if (release == Transition.RELEASE_CALLBACK) {
      String batch = dependent.rule().callbackOf();
      return graph.move(
          dependent,
          release,
          MoveArgs.payload(
              BatchSummary.withSummary(
                  dependent.payload(), BatchSummary.of(batch, parents, graph.refs(batch)))));
    }
    return graph.move(dependent, release, MoveArgs.defaults());
  }

  /** Makes a follow-up now, if the job still ended the way it asks for. */
  public void run(Kind kind, String jobId) {
    Job job = graph.job(jobId);
    if (job == null) {
      return;
    }
    switch (kind) {
      case RELEASE_DEPENDENTS -> {
        if (job.state() == COMPLETED) {
          settleDependents(job);
        }
      }
      case CANCEL_DEPENDENTS -> {
        if (job.state() == FAILED || job.state() == CANCELLED) {
          settleDependents(job);
        }
      }
      case REARM_DEPENDENTS -> {
        if (job.state() != FAILED && job.state() != CANCELLED) {
          rearmDependents(job);
        }
      }
    }
  }

  /**
   * Judges, down the chain, the waiting jobs that depend on a job that just ended: each one the
   * judgement cancels is ended too, so its own dependents are judged in turn.
   */
  private void settleDependents(Job ended) {
    Deque<Job> work = new ArrayDeque<>(List.of(ended));
    while (!work.isEmpty()) {
      Job cause = work.pop();
      for (String id : graph.dependentsOf(cause.id())) {
        Job dependent = graph.job(id);
        if (dependent != null && dependent.state() == WAITING) {
          Job after = settle(dependent, cause);
          if (after.state() == CANCELLED) {
            work.push(after);
          }
        }
      }
    }
  }

  /**
   * Re-arms, transitively, the jobs that a retried job's outcome had cancelled (their last move was
   * {@code cancel-dependent} or {@code cancel-condition}) and whose rule can still be met: they
   * wait again.
   */
  private void rearmDependents(Job retried) {
    Deque<Job> work = new ArrayDeque<>(List.of(retried));
    while (!work.isEmpty()) {
      Job cause = work.pop();
      MoveArgs why = MoveArgs.by(null, "dependency " + cause.id() + " retried");
      for (String id : graph.dependentsOf(cause.id())) {
        Job dependent = graph.job(id);
        if (dependent != null
            && dependent.state() == CANCELLED
            && Readiness.rearmable(graph.lastTransition(id))
            && verdictOf(dependent) != Verdict.NEVER) {
          work.push(graph.move(dependent, Transition.REARM_DEPENDENT, why));
        }
      }
    }
  }

  /**
   * The move a retry of this failed or cancelled job makes: {@code retry} when its rule is met now,
   * {@code retry-waiting} while a parent is open.
   *
   * @throws IllegalTransitionException when it is not failed or cancelled, or its rule can no
   *     longer be met (a parent failed: retry that one and this one follows)
   */
  public Transition retryMove(Job job) {
    Transition.RETRY.check(job);
    Verdict verdict = verdictOf(job);
    if (verdict == Verdict.NEVER) {
      Job stopped = stoppedDependency(job.dependsOn());
      throw new IllegalTransitionException(
          job.id(),
          job.state(),
          JobState.QUEUED,
          stopped != null
              ? "its dependency "
                  + stopped.id()
                  + " has "
                  + stopped.state().wireName()
                  + "; retry that job and this one follows"
              : "every dependency completed, and it runs only when one does not");
    }
    return verdict == Verdict.WAIT ? Transition.RETRY_WAITING : Transition.RETRY;
  }

  /** The first dependency that failed or was cancelled, or null. */
  public Job stoppedDependency(List<String> dependencies) {
    for (String id : dependencies) {
      Job d = graph.job(id);
      if (d != null && (d.state() == FAILED || d.state() == CANCELLED)) {
        return d;
      }
    }
    return null;
  }

  /** The verdict of a job's rule on its parents as they are now. */
  public Verdict verdictOf(Job job) {
    List<JobState> states = new ArrayList<>();
    for (String id : job.dependsOn()) {
      Job parent = graph.job(id);
      states.add(parent == null ? null : parent.state());
    }
    return Readiness.judge(job.rule(), ParentCounts.of(states));
  }
}
