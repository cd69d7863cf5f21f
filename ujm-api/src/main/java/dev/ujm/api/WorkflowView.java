package dev.ujm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A workflow with every node's state and the edges, for the DAG view: {@code state} is {@code
 * running}, {@code completed}, {@code failed} or {@code cancelled}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkflowView(
    String id,
    String name,
    String state,
    String tenantId,
    String ownerId,
    Instant createdAt,
    List<Node> nodes,
    List<Edge> edges) {

  /**
   * One job of the workflow as it is now.
   *
   * @param role {@code step}, {@code on-complete} or {@code on-failure}
   * @param transition the move that put it in its state (e.g. {@code cancel-dependent})
   * @param reason why, as its audit trail says (e.g. {@code dependency ID failed})
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Node(
      String ref,
      String jobId,
      String role,
      String type,
      String state,
      List<String> dependsOn,
      String runWhen,
      ConditionView runIf,
      String transition,
      String reason,
      Instant startedAt,
      Instant finishedAt) {}

  /** {@code to} depends on {@code from}. */
  public record Edge(String from, String to, String runWhen) {}
}
