package dev.ujm.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One line of a job's audit trail, written in the same atomic step as the change it records.
 *
 * @param jobId the job
 * @param from the state before, null for the submit
 * @param to the state after; for actions that change no state (a retry request that was refused is
 *     never written) it equals from
 * @param attempt the job's attempt after the change
 * @param workerId the worker that caused it, if any
 * @param actor who asked for it: an API key id, {@code system}, or a duty name
 * @param reason why, for people (for example {@code submitted}, {@code claimed}, {@code lease
 *     expired})
 * @param at when
 * @param transition the named move it records (see {@link Transition}); null on events written
 *     before moves were named
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobEvent(
    String jobId,
    JobState from,
    JobState to,
    int attempt,
    String workerId,
    String actor,
    String reason,
    Instant at,
    Transition transition) {}
