package dev.ujm.core.model;

/**
 * What a store tells its listeners after a change has been committed: either a state change (with
 * its audit event) or a progress report.
 *
 * @param job the job after the change
 * @param transition the audit event of a state change; null for a progress report
 */
public record JobUpdate(Job job, JobEvent transition) {
  public boolean isStateChange() {
    return transition != null;
  }
}
