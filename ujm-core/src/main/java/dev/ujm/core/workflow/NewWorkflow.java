package dev.ujm.core.workflow;

import java.util.List;

/**
 * A workflow (or a batch with callbacks) to submit all or nothing: its steps in topological order
 * (every ref a step depends on comes before it; {@link WorkflowPlan#of} checks and sorts), and the
 * optional callbacks. Steps carry the tenant, owner and actor of the submitter.
 *
 * @param name a label for people; null for none
 * @param onComplete the job run once every step completed; null for none
 * @param onFailure the job run once every step ended and one did not complete; null for none
 */
public record NewWorkflow(
    String name,
    String tenantId,
    String ownerId,
    List<WorkflowStep> steps,
    WorkflowStep onComplete,
    WorkflowStep onFailure) {
  public NewWorkflow {
    steps = List.copyOf(steps);
  }
}
