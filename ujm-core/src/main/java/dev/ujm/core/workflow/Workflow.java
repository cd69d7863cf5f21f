package dev.ujm.core.workflow;

import java.time.Instant;
import java.util.List;

/**
 * A stored workflow: which job each ref became. The jobs themselves (their states, results and
 * histories) are read from the job store. Immutable.
 *
 * @param nodes the steps in topological order, then the callbacks
 */
public record Workflow(
    String id, String name, String tenantId, String ownerId, Instant createdAt, List<Node> nodes) {

  public Workflow {
    nodes = List.copyOf(nodes);
  }

  /** One job of the workflow: its ref, id, role and the refs it depends on. */
  public record Node(String ref, String jobId, WorkflowRole role, List<String> dependsOn) {
    public Node {
      dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    }
  }

  /** The job ids of the nodes, in order. */
  public List<String> jobIds() {
    return nodes.stream().map(Node::jobId).toList();
  }
}
