package dev.ujm.client;

import dev.ujm.api.JobView;

/**
 * The stored job and whether this submit created it ({@code false}: an idempotent repeat answered
 * with 200).
 */
public record Submitted(JobView job, boolean created) {}
