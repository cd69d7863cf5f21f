package dev.ujm.api;

import java.time.Instant;

/**
 * One line of the access audit ({@code GET /api/v2/audit}).
 *
 * @param seq its number in the log, increasing in the order lines were written
 * @param keyId the acting key
 * @param tenantId the tenant it worked on
 * @param action the method and route, for example {@code GET /api/v2/jobs/{id}}
 * @param target the id in the path, or the job the request made; null for a list
 * @param outcome the HTTP status of the answer
 * @param requestId the request's id, as in the request log
 * @param at when
 */
public record AccessAuditEntry(
    long seq,
    String keyId,
    String tenantId,
    String action,
    String target,
    int outcome,
    String requestId,
    Instant at) {}
