package dev.ujm.api;

import java.util.List;

/**
 * Answer of a batch submit: the stored jobs in the order submitted (idempotent repeats answer the
 * first job).
 */
public record BatchSubmitResponse(List<JobView> jobs) {}
