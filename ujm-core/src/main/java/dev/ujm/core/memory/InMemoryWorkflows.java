package dev.ujm.core.memory;

import dev.ujm.core.workflow.Workflow;
import java.util.HashMap;
import java.util.Map;

/**
 * The workflows of an in-memory data set, and each workflow's refs by job id (for callbacks'
 * summaries). Not thread-safe: used under the job store's lock.
 */
final class InMemoryWorkflows {
  private final Map<String, Workflow> byId = new HashMap<>();
  private final Map<String, Map<String, String>> refs = new HashMap<>();

  void put(Workflow workflow) {
    byId.put(workflow.id(), workflow);
    Map<String, String> byJob = new HashMap<>();
    workflow.nodes().forEach(node -> byJob.put(node.jobId(), node.ref()));
    refs.put(workflow.id(), byJob);
  }

  Workflow get(String id) {
    return byId.get(id);
  }

  /** Each job id's ref in the workflow; empty for an unknown workflow. */
  Map<String, String> refs(String workflowId) {
    return refs.getOrDefault(workflowId, Map.of());
  }
}
