package dev.ujm.core.store;

import dev.ujm.core.model.JobError;
import dev.ujm.core.model.Lease;
import java.time.Instant;

/**
 * @param lease the failing attempt's lease
 * @param error what went wrong
 * @param retryAt when to try again; null fails the job for good even if attempts remain
 */
public record FailRequest(Lease lease, JobError error, Instant retryAt) {}
