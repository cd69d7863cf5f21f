package dev.ujm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A schedule as the API shows it: its definition, the next five fires (what the cron means), and
 * its last run with that job's state.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduleView(
    String id,
    String name,
    String cron,
    String timeZone,
    ScheduleRequest.Job job,
    String misfire,
    String overlap,
    int catchUpLimit,
    boolean enabled,
    String tenantId,
    String ownerId,
    Instant nextFireAt,
    List<Instant> nextFires,
    Instant lastFireAt,
    String lastJobId,
    String lastRunState,
    long version,
    Instant createdAt,
    Instant updatedAt) {}
