package dev.ujm.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import java.util.List;
import java.util.Map;

/**
 * The summary a batch or workflow callback receives in its payload's {@code batch} field when it is
 * released: {@code {"id", "total", "completed", "failed", "cancelled", "jobs": [{"id", "ref",
 * "state"}]}}, the jobs in the order of the batch. Stateless.
 */
public final class BatchSummary {
  /** The payload field the summary goes to. */
  public static final String FIELD = "batch";

  private BatchSummary() {}

  /**
   * The summary of a batch's jobs as they are now.
   *
   * @param refs each job id's ref in the workflow (a batch's jobs are refs {@code 0}, {@code 1}, …)
   */
  public static ObjectNode of(String batchId, List<Job> jobs, Map<String, String> refs) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode summary = f.objectNode();
    summary.put("id", batchId);
    summary.put("total", jobs.size());
    int completed = 0;
    int failed = 0;
    int cancelled = 0;
    ArrayNode list = f.arrayNode();
    for (Job job : jobs) {
      switch (job.state()) {
        case COMPLETED -> completed++;
        case FAILED -> failed++;
        case CANCELLED -> cancelled++;
        default -> {}
      }
      ObjectNode entry = list.addObject();
      entry.put("id", job.id());
      if (refs.get(job.id()) != null) {
        entry.put("ref", refs.get(job.id()));
      }
      entry.put("state", job.state().wireName());
    }
    summary.put(JobState.COMPLETED.wireName(), completed);
    summary.put(JobState.FAILED.wireName(), failed);
    summary.put(JobState.CANCELLED.wireName(), cancelled);
    summary.set("jobs", list);
    return summary;
  }

  /** The callback's payload with the summary added (a copy; the payload is not changed). */
  public static JsonNode withSummary(JsonNode payload, ObjectNode summary) {
    ObjectNode copy =
        payload != null && payload.isObject()
            ? ((ObjectNode) payload).deepCopy()
            : JsonNodeFactory.instance.objectNode();
    copy.set(FIELD, summary);
    return copy;
  }
}
