package dev.ujm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * A workflow (or batch with callbacks) as {@code GET /api/v2/workflows} lists it: its state and its
 * jobs counted by state, without the nodes ({@code GET /api/v2/workflows/{id}} has them).
 *
 * @param state {@code running}, {@code completed}, {@code failed} or {@code cancelled}
 * @param total how many jobs it has, callbacks included
 * @param jobs how many of them are in each state ({@code {"completed": 3, "waiting": 1}})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkflowSummaryView(
    String id,
    String name,
    String state,
    String tenantId,
    String ownerId,
    Instant createdAt,
    int total,
    Map<String, Integer> jobs) {}
