package dev.ujm.core.worker;

import java.time.Instant;

/**
 * One change of a pool's size by the autoscaler, with its reason (logged and shown to operators).
 *
 * @param reason what it saw, for example {@code 120 queued, 2 busy, runs take ~0.50 s}
 */
public record ScaleDecision(Instant at, int from, int to, String reason) {}
