package dev.ujm.core.store;

import java.time.Duration;

/**
 * @param queue the queue to claim from
 * @param workerId the claiming worker; written to each job and part of its lease
 * @param limit at most this many jobs
 * @param leaseDuration each lease runs until now + this
 */
public record ClaimRequest(String queue, String workerId, int limit, Duration leaseDuration) {}
