package dev.ujm.core.store;

/** Cancel one job; {@code actor} and {@code reason} go to the audit trail. */
public record CancelRequest(String jobId, String actor, String reason) {}
