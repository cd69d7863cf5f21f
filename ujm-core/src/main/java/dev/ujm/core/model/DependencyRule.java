package dev.ujm.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;

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
}
