package dev.ujm.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.Condition;
import dev.ujm.core.model.DependencyRule;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.RunWhen;
import dev.ujm.core.model.Transition;
import java.time.Instant;
import java.util.List;

/**
 * The one definition of when a job with dependencies may run: from its {@link DependencyRule} and
 * its parents' states, whether it waits, runs (and by which move), or can never run. Every store
 * decides its dependents' cascade, a retry and a submit with it, so the rules cannot differ between
 * stores. Stateless and pure.
 *
 * <pre>
 * runWhen     waits while        runs when                         cancelled (cancel-dependent) when
 * completed   a parent is open   every parent completed            a parent failed or was cancelled
 * failed      a parent is open   all ended, one did not complete   all parents completed
 * finished    a parent is open   all ended                         never
 * </pre>
 *
 * A parent that no longer exists (purged after completing) counts as completed. When the job runs
 * and has a {@code runIf}, a false condition ends it {@code cancel-condition} instead.
 */
public final class Readiness {
  private Readiness() {}

  /** How many parents are in each kind of state. */
  public record ParentCounts(int completed, int stopped, int open) {
    /** Counts of these parent states; a null entry is a parent that no longer exists. */
    public static ParentCounts of(List<JobState> states) {
      int completed = 0;
      int stopped = 0;
      int open = 0;
      for (JobState state : states) {
        if (state == null || state == JobState.COMPLETED) {
          completed++;
        } else if (state == JobState.FAILED || state == JobState.CANCELLED) {
          stopped++;
        } else {
          open++;
        }
      }
      return new ParentCounts(completed, stopped, open);
    }
  }

  /** What a rule makes of its parents' states. */
  public enum Verdict {
    /** A parent is still open and the rule can still be met. */
    WAIT,
    /** Runs now: every parent completed. */
    READY_ALL_COMPLETED,
    /** Runs now: every parent ended and at least one did not complete. */
    READY_AFTER_FAILURE,
    /** The rule can no longer be met: cancelled. */
    NEVER;

    public boolean isReady() {
      return this == READY_ALL_COMPLETED || this == READY_AFTER_FAILURE;
    }
  }

  /** The verdict of a rule (null: the default) on its parents' states. */
  public static Verdict judge(DependencyRule rule, ParentCounts parents) {
    RunWhen when = DependencyRule.runWhenOf(rule);
    boolean anyStopped = parents.stopped() > 0;
    return switch (when) {
      case COMPLETED -> {
        if (anyStopped) {
          yield Verdict.NEVER;
        }
        yield parents.open() > 0 ? Verdict.WAIT : Verdict.READY_ALL_COMPLETED;
      }
      case FAILED -> {
        if (parents.open() > 0) {
          yield Verdict.WAIT;
        }
        yield anyStopped ? Verdict.READY_AFTER_FAILURE : Verdict.NEVER;
      }
      case FINISHED -> {
        if (parents.open() > 0) {
          yield Verdict.WAIT;
        }
        yield anyStopped ? Verdict.READY_AFTER_FAILURE : Verdict.READY_ALL_COMPLETED;
      }
    };
  }

  /**
   * The move that lets a ready job run: {@code release-callback} for a callback, {@code
   * release-after-failure} when not every parent completed, else {@code release-dependent} (or its
   * scheduled form while the run time is ahead).
   */
  public static Transition releaseMove(
      DependencyRule rule, Verdict ready, Instant runAt, Instant now) {
    if (!ready.isReady()) {
      throw new IllegalArgumentException(ready + " does not release");
    }
    if (rule != null && rule.callbackOf() != null) {
      return Transition.RELEASE_CALLBACK;
    }
    if (ready == Verdict.READY_AFTER_FAILURE) {
      return Transition.RELEASE_AFTER_FAILURE;
    }
    return runAt != null && runAt.isAfter(now)
        ? Transition.RELEASE_DEPENDENT_SCHEDULED
        : Transition.RELEASE_DEPENDENT;
  }

  /**
   * Whether a ready job's condition holds over its parents (all of them, as stored; missing ones
   * left out): read from the named parent, else from every completed parent.
   */
  public static boolean conditionHolds(DependencyRule rule, List<Job> parents) {
    Condition condition = rule == null ? null : rule.runIf();
    if (condition == null) {
      return true;
    }
    if (condition.parent() != null) {
      for (Job parent : parents) {
        if (parent.id().equals(condition.parent())) {
          return condition.holdsFor(resultOf(parent));
        }
      }
      return condition.holdsFor(null);
    }
    boolean any = false;
    for (Job parent : parents) {
      if (parent.state() == JobState.COMPLETED) {
        any = true;
        if (!condition.holdsFor(resultOf(parent))) {
          return false;
        }
      }
    }
    return any;
  }

  private static JsonNode resultOf(Job parent) {
    return parent.state() == JobState.COMPLETED ? parent.result() : null;
  }

  /** Whether a job's rule needs its parents' snapshots (a condition or a batch summary). */
  public static boolean needsParents(DependencyRule rule) {
    return rule != null && (rule.runIf() != null || rule.callbackOf() != null);
  }

  /** Whether a job's last move was one a retried parent undoes (its parent's fault). */
  public static boolean rearmable(Transition lastMove) {
    return lastMove == Transition.CANCEL_DEPENDENT || lastMove == Transition.CANCEL_CONDITION;
  }
}
