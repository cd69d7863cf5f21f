package dev.ujm.core.events;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.JobUpdate;
import dev.ujm.core.model.Progress;
import dev.ujm.core.model.Transition;
import java.time.Instant;

/**
 * One committed change of a job as the event bus carries it: a state change (a named move) or a
 * progress report. It names the job's tenant and owner, so every subscriber can keep to what its
 * reader may see, and carries no payload, result or checkpoint.
 *
 * @param seq this node's sequence number of the event: strictly increasing in delivery order, the
 *     {@code Last-Event-ID} of the SSE stream; 0 until the bus has numbered it
 * @param kind a state change or a progress report
 * @param from the state before a state change; null for a submit and for progress
 * @param transition the move of a state change; null for progress
 * @param attempt the job's attempt after the change
 * @param workerId the worker holding the job after the change, if any
 * @param at when the change was committed
 * @param cost what an attempt of the job costs ({@link Job#cost}), for per-tenant metrics
 */
public record JobChange(
    long seq,
    Kind kind,
    String jobId,
    String tenantId,
    String ownerId,
    String type,
    String queue,
    JobState state,
    JobState from,
    Transition transition,
    int attempt,
    String workerId,
    Progress progress,
    Instant at,
    double cost) {

  /** What changed. */
  public enum Kind {
    STATE,
    PROGRESS
  }

  /** The change a store reported to its listeners, not yet numbered. */
  public static JobChange of(JobUpdate update) {
    Job job = update.job();
    if (update.isStateChange()) {
      var event = update.transition();
      return new JobChange(
          0,
          Kind.STATE,
          job.id(),
          job.tenantId(),
          job.ownerId(),
          job.type(),
          job.queue(),
          job.state(),
          event.from(),
          event.transition(),
          job.attempt(),
          job.workerId(),
          job.progress(),
          event.at(),
          job.cost());
    }
    return new JobChange(
        0,
        Kind.PROGRESS,
        job.id(),
        job.tenantId(),
        job.ownerId(),
        job.type(),
        job.queue(),
        job.state(),
        null,
        null,
        job.attempt(),
        job.workerId(),
        job.progress(),
        job.updatedAt(),
        job.cost());
  }

  public boolean isStateChange() {
    return kind == Kind.STATE;
  }

  /** The same change with this node's sequence number. */
  public JobChange numbered(long number) {
    return new JobChange(
        number,
        kind,
        jobId,
        tenantId,
        ownerId,
        type,
        queue,
        state,
        from,
        transition,
        attempt,
        workerId,
        progress,
        at,
        cost);
  }
}
