package dev.ujm.jobs.maintenance;

import java.util.List;

/**
 * What a {@code maintenance} job runs: named tasks, in order.
 *
 * @param tasks {@code purge} (finished jobs past retention, with their events and results) and the
 *     tasks the store offers ({@code integrity-check}, {@code checkpoint-wal}, {@code
 *     incremental-vacuum} on the embedded store)
 * @param retentionDays purge: jobs finished longer ago than this (default {@code
 *     UJM_RETENTION_DAYS})
 */
public record MaintenancePayload(List<String> tasks, Integer retentionDays) {
  public MaintenancePayload {
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
  }
}
