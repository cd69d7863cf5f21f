package dev.ujm.api;

import java.time.LocalDate;
import java.util.List;

/**
 * A tenant's metered usage from {@code from} to {@code to} (UTC days, both included): one row per
 * day and job type that has any, by day and then type.
 */
public record UsageResponse(String tenant, LocalDate from, LocalDate to, List<UsageView> usage) {}
