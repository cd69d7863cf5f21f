package dev.ujm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Answer of a batch submit: the stored jobs in the order submitted (idempotent repeats answer the
 * first job), and for a batch with callbacks its id ({@code GET /api/v2/workflows/{batchId}}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchSubmitResponse(List<JobView> jobs, String batchId) {
  public BatchSubmitResponse(List<JobView> jobs) {
    this(jobs, null);
  }
}
