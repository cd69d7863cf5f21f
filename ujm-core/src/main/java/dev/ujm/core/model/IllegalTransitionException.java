package dev.ujm.core.model;

/** A write asked for a state change that {@link JobState} does not allow. Nothing was changed. */
public final class IllegalTransitionException extends UjmException {
  private final JobState from;
  private final JobState to;

  public IllegalTransitionException(String jobId, JobState from, JobState to) {
    super("job " + jobId + " cannot move from " + from.wireName() + " to " + to.wireName());
    this.from = from;
    this.to = to;
  }

  public JobState from() {
    return from;
  }

  public JobState to() {
    return to;
  }
}
