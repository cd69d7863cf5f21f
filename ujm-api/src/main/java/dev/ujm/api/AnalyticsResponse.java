package dev.ujm.api;

import java.time.Instant;
import java.util.List;

/**
 * A time series of job metrics from {@code from} (included) to {@code to} (excluded) in steps of
 * {@code step} ({@code minute}, {@code hour} or {@code day}): one point per step that has any
 * figure, oldest first, and their total. Null filters mean all.
 */
public record AnalyticsResponse(
    String type,
    String queue,
    String tenant,
    Instant from,
    Instant to,
    String step,
    List<AnalyticsPoint> points,
    AnalyticsPoint total) {}
