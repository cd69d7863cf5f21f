package dev.ujm.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An error answer, {@code application/problem+json} (RFC 9457).
 *
 * @param type a stable URI from {@link ProblemTypes}; scripts branch on it, never on {@code detail}
 * @param title a short summary of the type
 * @param status the HTTP status
 * @param detail what was wrong with this request and what to do about it
 * @param instance the request path
 * @param field for validation problems, the failing field (for example {@code payload.ms}, {@code
 *     jobs[3].type})
 * @param requestId the id of the request in the server's logs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    String field,
    String requestId) {}
