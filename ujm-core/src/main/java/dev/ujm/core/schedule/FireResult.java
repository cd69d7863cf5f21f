package dev.ujm.core.schedule;

import dev.ujm.core.store.SubmitResult;
import java.util.List;

/**
 * What {@link ScheduleStore#fire} did.
 *
 * @param applied false when the schedule had changed since the decision (another evaluator acted,
 *     or a person edited it): nothing was written
 * @param schedule the schedule after the step (or as it is, when not applied)
 * @param jobs the job of each fire, in the request's order ({@code created = false} for a fire
 *     whose job already existed)
 */
public record FireResult(boolean applied, Schedule schedule, List<SubmitResult> jobs) {}
