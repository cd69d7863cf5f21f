package dev.ujm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One line of a schedule's history: {@code fired}, {@code triggered}, {@code missed}, {@code
 * skipped-overlap}, {@code skipped-quota}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduleFireView(Instant fireAt, String outcome, String jobId, Instant at) {}
