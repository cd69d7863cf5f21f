package dev.ujm.core.workflow;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import java.util.Map;

/**
 * A workflow with its jobs as they are now: each node's job (missing when purged) and its last
 * audit event (the move and reason that put it where it is), and the workflow's state ({@code
 * running}, {@code completed}, {@code failed}, {@code cancelled}).
 */
public record WorkflowStatus(
    Workflow workflow, Map<String, Job> jobs, Map<String, JobEvent> lastEvents, String state) {
  public WorkflowStatus {
    jobs = Map.copyOf(jobs);
    lastEvents = Map.copyOf(lastEvents);
  }
}
