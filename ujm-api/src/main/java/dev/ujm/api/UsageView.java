package dev.ujm.api;

import java.time.LocalDate;

/**
 * What a tenant used of one job type on one UTC day ({@code GET /api/v2/usage}): jobs submitted,
 * attempts ended, completed and failed for good, wall-clock seconds of running attempts, cost units
 * and result bytes.
 */
public record UsageView(
    LocalDate day,
    String type,
    long submitted,
    long attempts,
    long completed,
    long failed,
    double runningSeconds,
    double costUnits,
    long resultBytes) {}
