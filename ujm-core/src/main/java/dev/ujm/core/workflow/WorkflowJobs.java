package dev.ujm.core.workflow;

import dev.ujm.core.model.Condition;
import dev.ujm.core.model.DependencyRule;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.RunWhen;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a store turns a workflow's steps into jobs, the same in every store: refs become the ids of
 * the jobs made before, a {@code runIf} parent ref its id, every job is tagged {@code
 * workflow:<id>}, and a callback depends on every step with the summary rule. Stateless.
 */
public final class WorkflowJobs {
  /** The reason the audit trail gives for a workflow-wide cancel. */
  public static final String CANCELLED = "workflow cancelled";

  /** The reason the audit trail gives for a workflow-wide retry. */
  public static final String RETRIED = "workflow retried";

  private WorkflowJobs() {}

  /** The tag every job of a workflow carries, to search its jobs by. */
  public static String tag(String workflowId) {
    return "workflow:" + workflowId;
  }

  /** A step as a job: its parents' ids from the refs made so far. */
  public static NewJob resolved(WorkflowStep step, Map<String, String> idByRef, String workflowId) {
    List<String> parents = new ArrayList<>(step.job().dependsOn());
    step.dependsOn().stream().distinct().map(idByRef::get).forEach(parents::add);
    DependencyRule rule = step.job().rule();
    if (rule != null && rule.runIf() != null && rule.runIf().parent() != null) {
      Condition condition = rule.runIf().withParent(idByRef.get(rule.runIf().parent()));
      rule = new DependencyRule(rule.runWhen(), condition, rule.callbackOf());
    }
    return step.job().toBuilder()
        .dependsOn(parents)
        .rule(rule)
        .tags(tagged(step.job(), workflowId))
        .build();
  }

  /** A callback as a job: it depends on every step and receives the batch summary. */
  public static NewJob callback(NewJob job, RunWhen when, String workflowId, List<String> stepIds) {
    return job.toBuilder()
        .dependsOn(stepIds)
        .rule(new DependencyRule(when, null, workflowId))
        .tags(tagged(job, workflowId))
        .build();
  }

  private static List<String> tagged(NewJob job, String workflowId) {
    List<String> tags = new ArrayList<>(job.tags());
    tags.add(tag(workflowId));
    return tags;
  }
}
