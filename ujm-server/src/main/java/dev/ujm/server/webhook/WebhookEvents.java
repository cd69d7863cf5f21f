package dev.ujm.server.webhook;

import dev.ujm.core.events.JobChange;
import dev.ujm.core.model.JobState;
import java.util.Optional;
import java.util.Set;

/** The events a webhook may subscribe to, and which job change is which. */
public final class WebhookEvents {
  public static final String JOB_COMPLETED = "job.completed";
  public static final String JOB_FAILED = "job.failed";
  public static final String JOB_CANCELLED = "job.cancelled";
  public static final String ALERT_FIRING = "alert.firing";
  public static final String ALERT_RESOLVED = "alert.resolved";

  /** Every event name a subscription may list. */
  public static final Set<String> ALL =
      Set.of(JOB_COMPLETED, JOB_FAILED, JOB_CANCELLED, ALERT_FIRING, ALERT_RESOLVED);

  private WebhookEvents() {}

  /**
   * The event a job change is, if any: reaching completed, failed (the dead-letter queue) or
   * cancelled.
   */
  static Optional<String> of(JobChange change) {
    if (!change.isStateChange()) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        change.state() == JobState.COMPLETED
            ? JOB_COMPLETED
            : change.state() == JobState.FAILED
                ? JOB_FAILED
                : change.state() == JobState.CANCELLED ? JOB_CANCELLED : null);
  }
}
