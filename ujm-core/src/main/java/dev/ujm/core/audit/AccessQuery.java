package dev.ujm.core.audit;

import java.time.Instant;

/**
 * Which lines of the access audit to read, newest first; a null filter matches everything.
 *
 * @param tenantId only this tenant's
 * @param keyId only this key's
 * @param action only this action
 * @param from at or after
 * @param to before
 * @param cursor the {@code nextCursor} of the previous page, or null
 * @param limit page size, 1 to 1000
 */
public record AccessQuery(
    String tenantId,
    String keyId,
    String action,
    Instant from,
    Instant to,
    String cursor,
    int limit) {

  public AccessQuery {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be 1 to 1000, not " + limit);
    }
    if (cursor != null && !cursor.matches("[0-9]{1,19}")) {
      throw new IllegalArgumentException("cursor is not one this log gave out");
    }
  }

  /** Whether a line matches the filters (not the cursor). */
  public boolean matches(AccessEntry e) {
    return (tenantId == null || tenantId.equals(e.tenantId()))
        && (keyId == null || keyId.equals(e.keyId()))
        && (action == null || action.equals(e.action()))
        && (from == null || !e.at().isBefore(from))
        && (to == null || e.at().isBefore(to));
  }

  /** The sequence number a page must stay below; {@link Long#MAX_VALUE} for the first page. */
  public long before() {
    return cursor == null ? Long.MAX_VALUE : Long.parseLong(cursor);
  }
}
