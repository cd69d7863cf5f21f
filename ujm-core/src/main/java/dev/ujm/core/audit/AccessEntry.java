package dev.ujm.core.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of the access audit: a key read or changed something. Immutable.
 *
 * @param seq the log's sequence number, increasing in the order lines were appended; 0 before the
 *     log has it
 * @param keyId the acting key
 * @param tenantId the tenant it worked on
 * @param action what it did: the method and route, for example {@code GET /api/v2/jobs/{id}}
 * @param target what it did it to: the job, key or tenant id, or the request path for a list
 * @param outcome the HTTP status it got
 * @param requestId the request's id, as in the request log
 * @param at when
 */
public record AccessEntry(
    long seq,
    String keyId,
    String tenantId,
    String action,
    String target,
    int outcome,
    String requestId,
    Instant at) {

  public AccessEntry {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(at, "at");
  }

  /** The same line with the number the log gave it. */
  public AccessEntry withSeq(long number) {
    return new AccessEntry(number, keyId, tenantId, action, target, outcome, requestId, at);
  }
}
