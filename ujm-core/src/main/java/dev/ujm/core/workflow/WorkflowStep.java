package dev.ujm.core.workflow;

import dev.ujm.core.model.NewJob;
import java.util.List;

/**
 * One job of a workflow to submit: its ref (unique in the workflow), the job, and the refs it
 * depends on. The job's {@code dependsOn} must be empty (the refs say it); its {@code runIf} may
 * name a parent by ref.
 */
public record WorkflowStep(String ref, NewJob job, List<String> dependsOn) {
  public WorkflowStep {
    dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
  }
}
