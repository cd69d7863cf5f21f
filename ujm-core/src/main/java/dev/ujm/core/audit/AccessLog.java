package dev.ujm.core.audit;

import dev.ujm.core.store.Page;
import java.time.Instant;
import java.util.List;

/**
 * Where the access audit is kept: append-only, lines are never changed, only those older than the
 * retention are purged. Thread-safe.
 */
public interface AccessLog {

  /** Appends lines, in order, all or none. */
  void append(List<AccessEntry> entries);

  /** Lines matching the query, newest first, one page at a time. */
  Page<AccessEntry> find(AccessQuery query);

  /**
   * Deletes up to {@code limit} lines older than {@code before}, oldest first.
   *
   * @return how many were deleted
   */
  int purge(Instant before, int limit);
}
