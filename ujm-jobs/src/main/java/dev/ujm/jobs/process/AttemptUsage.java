package dev.ujm.jobs.process;

/**
 * What one attempt of a process job used, for usage metering. Immutable.
 *
 * @param cpuSeconds CPU time of the whole process tree, or -1 when it could not be measured
 * @param peakMemoryBytes the most memory the tree used at once, or -1 when not measured
 * @param wallMillis time from start to end
 * @param measuredBy {@code cgroup} (the whole tree, exact) or {@code sampling} (the live processes,
 *     read from {@code /proc} every tenth of a second)
 */
public record AttemptUsage(
    String jobId,
    String tenantId,
    String type,
    int attempt,
    double cpuSeconds,
    long peakMemoryBytes,
    long wallMillis,
    String measuredBy) {}
