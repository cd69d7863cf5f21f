package dev.ujm.jobs.report;

import java.time.Instant;
import java.util.List;

/**
 * What a report covers. Immutable.
 *
 * @param tenantId only jobs of this tenant (null: every tenant, for code of the operator)
 * @param ownerId only jobs of this user, or null for all of the tenant's
 * @param from jobs created at or after this instant
 * @param before jobs created before this instant
 * @param type only this job type, or null
 * @param queue only this queue, or null
 * @param groupBy the dimensions rows are grouped by: {@code type}, {@code queue}, {@code tenant}
 */
public record ReportQuery(
    String tenantId,
    String ownerId,
    Instant from,
    Instant before,
    String type,
    String queue,
    List<String> groupBy) {
  public ReportQuery {
    groupBy = List.copyOf(groupBy);
  }
}
