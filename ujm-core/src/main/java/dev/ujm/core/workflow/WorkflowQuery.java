package dev.ujm.core.workflow;

/**
 * Filters of {@link WorkflowStore#findWorkflows}; null means any. Pages go newest first, by id
 * (time-ordered, so by creation), and go on after {@code cursor}, the last id of the page before.
 *
 * @param limit 1 to 1000
 */
public record WorkflowQuery(String tenantId, String ownerId, String cursor, int limit) {
  public WorkflowQuery {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be 1 to 1000, not " + limit);
    }
  }
}
