package dev.ujm.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ujm.core.model.InvalidJobException.Reason;
import java.util.List;

/**
 * How a job with dependencies decides to run, beyond "every parent completed": its {@link RunWhen},
 * its {@link Condition} and, for a batch or workflow callback, the batch whose summary it receives.
 * A job without a rule (null) behaves as {@code runWhen: completed} without a condition. Immutable.
 *
 * @param runWhen null for {@link RunWhen#COMPLETED}
 * @param runIf null for none
 * @param callbackOf the workflow (or batch) id of an {@code onComplete} / {@code onFailure} job,
 *     whose payload gets the summary of its parents' outcomes in its {@code batch} field when it is
 *     released; null for other jobs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DependencyRule(RunWhen runWhen, Condition runIf, String callbackOf) {

  /** The rule, or null when it says nothing beyond the default. */
  public static DependencyRule of(RunWhen runWhen, Condition runIf, String callbackOf) {
    RunWhen when = runWhen == RunWhen.COMPLETED && callbackOf == null ? null : runWhen;
    if (when == null && runIf == null && callbackOf == null) {
      return null;
    }
    return new DependencyRule(when, runIf, callbackOf);
  }

  /** The effective run-when of a job's rule (null rule: completed). */
  public static RunWhen runWhenOf(DependencyRule rule) {
    return rule == null || rule.runWhen() == null ? RunWhen.COMPLETED : rule.runWhen();
  }

  /**
   * Checks the rule of a job that names its parents by id, before anything is stored: a rule needs
   * a parent to judge, its condition must be well-formed, and the parent a condition reads must be
   * one of them. (A workflow's steps name their parents by ref; {@code WorkflowPlan} checks those.)
   *
   * @throws InvalidJobException naming the failing field ({@code runIf.pointer}, {@code runWhen})
   */
  public void checkAgainst(List<String> dependsOn) {
    if (dependsOn.isEmpty()) {
      throw new InvalidJobException(
          Reason.INVALID_OPTION,
          runIf != null ? "runIf" : "runWhen",
          "runWhen and runIf judge a job's parents: give the jobs it depends on in dependsOn");
    }
    if (runIf != null) {
      runIf.checked("runIf");
      if (runIf.parent() != null && !dependsOn.contains(runIf.parent())) {
        throw new InvalidJobException(
            Reason.INVALID_OPTION,
            "runIf.parent",
            "runIf.parent must be one of the jobs in dependsOn, not " + runIf.parent());
      }
    }
  }
}
