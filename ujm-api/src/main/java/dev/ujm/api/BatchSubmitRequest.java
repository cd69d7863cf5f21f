package dev.ujm.api;

import java.util.List;

/** Body of {@code POST /api/v2/jobs/batch}: up to 1,000 jobs, stored all or none. */
public record BatchSubmitRequest(List<SubmitJobRequest> jobs) {}
