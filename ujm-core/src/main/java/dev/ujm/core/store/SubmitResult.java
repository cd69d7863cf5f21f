package dev.ujm.core.store;

import dev.ujm.core.model.Job;

/** The stored job, and whether this submit created it ({@code false}: an idempotent repeat). */
public record SubmitResult(Job job, boolean created) {}
