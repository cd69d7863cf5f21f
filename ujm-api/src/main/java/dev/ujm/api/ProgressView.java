package dev.ujm.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How far a running job has come; every field is optional.
 *
 * @param percent 0 to 100, or null when unknown
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProgressView(
    Integer percent, String message, Long current, Long total, Long etaSeconds) {}
