package dev.ujm.api;

import java.util.List;

/**
 * Body of {@code POST /api/v2/jobs/batch}: up to 1,000 jobs, stored all or none, with optional
 * callbacks run once when every job has ended ({@code onComplete}: all completed; {@code
 * onFailure}: one did not), each with the summary of the outcomes in its payload's {@code batch}.
 */
public record BatchSubmitRequest(
    List<SubmitJobRequest> jobs, SubmitJobRequest onComplete, SubmitJobRequest onFailure) {
  /** A batch without callbacks. */
  public BatchSubmitRequest(List<SubmitJobRequest> jobs) {
    this(jobs, null, null);
  }
}
