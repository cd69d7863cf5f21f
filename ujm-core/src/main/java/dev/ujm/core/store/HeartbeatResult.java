package dev.ujm.core.store;

import java.util.Set;

/**
 * @param lost ids of jobs whose lease the worker no longer holds (cancelled, requeued, or taken by
 *     a newer attempt)
 * @param cancelled the subset of {@code lost} that was cancelled
 */
public record HeartbeatResult(Set<String> lost, Set<String> cancelled) {}
