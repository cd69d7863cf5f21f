package dev.ujm.core.schedule;

import dev.ujm.core.model.NewJob;
import java.time.Instant;
import java.util.List;

/**
 * What one evaluation of a schedule decided, for {@link ScheduleStore#fire} to make in one step:
 * the jobs to submit (each with its idempotency key {@code schedule:<id>:<fire instant>}), the
 * history lines of fires that made no job, and where the schedule stands after.
 *
 * @param expectedVersion the version the decision was made on; the store refuses a schedule that
 *     has changed since. Null for a trigger by hand, which moves nothing else.
 * @param nextFireAt the schedule's next fire after this step (ignored for a trigger)
 */
public record FireRequest(
    String scheduleId,
    Long expectedVersion,
    List<Fire> jobs,
    List<ScheduleFire> unfired,
    Instant nextFireAt) {

  public FireRequest {
    jobs = List.copyOf(jobs);
    unfired = List.copyOf(unfired);
  }

  /** One job to submit for the fire at {@code fireAt}. */
  public record Fire(Instant fireAt, ScheduleFire.Outcome outcome, NewJob job) {}
}
