package dev.ujm.api;

/**
 * A job's own retry backoff: after failed attempt {@code n} the next one waits between half and all
 * of {@code min(maxSeconds, baseSeconds * 2^(n-1))} seconds.
 */
public record RetryBackoffView(Integer baseSeconds, Integer maxSeconds) {}
