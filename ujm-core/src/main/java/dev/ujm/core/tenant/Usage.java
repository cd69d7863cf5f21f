package dev.ujm.core.tenant;

import java.time.LocalDate;

/**
 * What one tenant used of one job type on one UTC day, the figures billing reads. Each is counted
 * by the store in the same step as the move it follows, so the figures and the jobs never disagree:
 *
 * @param tenantId the tenant; null for jobs without one
 * @param day the UTC day the counted moves happened on
 * @param submitted jobs created (an idempotent repeat creates none)
 * @param attempts attempts that ended (completed, failed, retried later, cancelled, or expired with
 *     their lease); an attempt handed back unfinished ({@code release}, a node's restart) is given
 *     back and not counted
 * @param completed attempts that completed their job
 * @param failed attempts that failed their job for good (attempts exhausted, or a lease expired on
 *     the last one)
 * @param runningSeconds wall-clock seconds from each attempt's claim to its end, handed-back ones
 *     included: the time workers spent
 * @param costUnits the job's cost for every counted attempt
 * @param resultBytes bytes of the JSON results and result items written
 */
public record Usage(
    String tenantId,
    LocalDate day,
    String type,
    long submitted,
    long attempts,
    long completed,
    long failed,
    double runningSeconds,
    double costUnits,
    long resultBytes) {}
