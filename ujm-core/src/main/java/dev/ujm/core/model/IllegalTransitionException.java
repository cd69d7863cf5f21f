package dev.ujm.core.model;

/** A write asked for a state change that {@link JobState} does not allow. Nothing was changed. */
public final class IllegalTransitionException extends UjmException {
  private final JobState from;
  private final JobState to;
  private final String detail;

  public IllegalTransitionException(String jobId, JobState from, JobState to) {
    this(jobId, from, to, null);
  }

  /**
   * @param detail why the move is refused although the table allows it (for example a dependency
   *     that has failed), or null
   */
  public IllegalTransitionException(String jobId, JobState from, JobState to, String detail) {
    super(
        "job "
            + jobId
            + " cannot move from "
            + from.wireName()
            + " to "
            + to.wireName()
            + (detail == null ? "" : ": " + detail));
    this.from = from;
    this.to = to;
    this.detail = detail;
  }

  public JobState from() {
    return from;
  }

  public JobState to() {
    return to;
  }

  /** Why a move the table allows was refused, or null when the table itself forbids it. */
  public String detail() {
    return detail;
  }
}
