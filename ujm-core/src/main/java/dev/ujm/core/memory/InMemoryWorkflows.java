package dev.ujm.core.memory;

import dev.ujm.core.store.Page;
import dev.ujm.core.workflow.Workflow;
import dev.ujm.core.workflow.WorkflowQuery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The workflows of an in-memory data set, and each workflow's refs by job id (for callbacks'
 * summaries). Not thread-safe: used under the job store's lock.
 */
final class InMemoryWorkflows {
  private final TreeMap<String, Workflow> byId = new TreeMap<>();
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

  /** One page, newest (largest id) first. */
  Page<Workflow> find(WorkflowQuery query) {
    List<Workflow> page = new ArrayList<>();
    Map<String, Workflow> newestFirst =
        query.cursor() == null
            ? byId.descendingMap()
            : byId.headMap(query.cursor(), false).descendingMap();
    for (Workflow w : newestFirst.values()) {
      if ((query.tenantId() != null && !query.tenantId().equals(w.tenantId()))
          || (query.ownerId() != null && !query.ownerId().equals(w.ownerId()))) {
        continue;
      }
      if (page.size() == query.limit()) {
        return new Page<>(page, page.get(page.size() - 1).id());
      }
      page.add(w);
    }
    return new Page<>(page, null);
  }
}
