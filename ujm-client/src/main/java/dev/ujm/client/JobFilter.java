package dev.ujm.client;

/**
 * Filters of the job lists; null means any.
 *
 * @param state one state or several separated by commas
 * @param tenant another tenant's jobs (admin keys only)
 * @param limit page size, 1 to 1000 (server default 50)
 * @param cursor the {@code nextCursor} of the previous page
 */
public record JobFilter(
    String state,
    String type,
    String queue,
    String tag,
    String tenant,
    Integer limit,
    String cursor) {

  public static JobFilter any() {
    return new JobFilter(null, null, null, null, null, null, null);
  }

  public JobFilter withState(String newState) {
    return new JobFilter(newState, type, queue, tag, tenant, limit, cursor);
  }

  public JobFilter withType(String newType) {
    return new JobFilter(state, newType, queue, tag, tenant, limit, cursor);
  }

  public JobFilter withTenant(String newTenant) {
    return new JobFilter(state, type, queue, tag, newTenant, limit, cursor);
  }

  public JobFilter withLimit(Integer newLimit) {
    return new JobFilter(state, type, queue, tag, tenant, newLimit, cursor);
  }

  public JobFilter withCursor(String newCursor) {
    return new JobFilter(state, type, queue, tag, tenant, limit, newCursor);
  }
}
