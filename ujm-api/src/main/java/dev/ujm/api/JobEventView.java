package dev.ujm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One line of a job's audit trail ({@code GET /api/v2/jobs/{id}/history}).
 *
 * @param from the state before; absent for the submit
 * @param actor who asked for it: an API key id, {@code system}, or a duty name
 * @param transition the named move ({@code claim}, {@code retry-later}, {@code cancel-dependent},
 *     …); absent on events recorded before moves were named
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobEventView(
    String jobId,
    String from,
    String to,
    int attempt,
    String workerId,
    String actor,
    String reason,
    Instant at,
    String transition) {}
