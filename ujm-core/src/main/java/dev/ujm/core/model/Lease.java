package dev.ujm.core.model;

/**
 * The fence of a worker's writes: a claim hands out {@code (workerId, attempt)} and every progress,
 * checkpoint, completion or failure carries it. A store accepts such a write only while the job is
 * processing under exactly this worker and attempt.
 */
public record Lease(String jobId, String workerId, int attempt) {}
