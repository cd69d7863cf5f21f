package dev.ujm.core.workflow;

import dev.ujm.core.model.JobState;
import java.util.Map;

/**
 * A workflow as a list shows it: its state ({@code running}, {@code completed}, {@code failed},
 * {@code cancelled}, as {@link WorkflowStatus}) and how many of its jobs (callbacks included) are
 * in each state, without the nodes' details. Immutable.
 *
 * @param jobs the number of jobs per state; a state none is in is left out
 */
public record WorkflowSummary(Workflow workflow, String state, Map<JobState, Integer> jobs) {
  public WorkflowSummary {
    jobs = Map.copyOf(jobs);
  }
}
