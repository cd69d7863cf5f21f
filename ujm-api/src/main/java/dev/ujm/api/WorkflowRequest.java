package dev.ujm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Body of {@code POST /api/v2/workflows}: a DAG of jobs, submitted all or nothing.
 *
 * @param onComplete run once when every job completed, with the summary in its payload's {@code
 *     batch}
 * @param onFailure run once when every job ended and one did not complete
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkflowRequest(
    String name, List<Step> jobs, SubmitJobRequest onComplete, SubmitJobRequest onFailure) {

  /**
   * One job of the workflow.
   *
   * @param ref its name in the workflow, unique; {@code dependsOn} names refs
   * @param runWhen {@code completed} (default), {@code failed} or {@code finished}
   * @param runIf {@code {"pointer": "/pages", "op": ">", "value": 0, "parent"?: ref}}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Step(
      String ref,
      String type,
      JsonNode payload,
      String priority,
      String queue,
      Integer maxAttempts,
      Integer timeoutSeconds,
      List<String> tags,
      List<String> dependsOn,
      String runWhen,
      ConditionView runIf) {}
}
