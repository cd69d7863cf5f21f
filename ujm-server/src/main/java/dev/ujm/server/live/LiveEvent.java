package dev.ujm.server.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ujm.api.JobEventMessage;
import dev.ujm.core.events.JobChange;
import dev.ujm.core.model.Json;
import dev.ujm.server.http.Views;

/**
 * One event of the live streams, rendered to its JSON once for every client that receives it.
 *
 * @param json the event as the wire carries it ({@link JobEventMessage})
 */
record LiveEvent(
    long seq, boolean isState, String jobId, String tenantId, String ownerId, String json) {

  static LiveEvent of(JobChange change) {
    JobEventMessage message =
        new JobEventMessage(
            change.isStateChange() ? "state" : "progress",
            change.jobId(),
            change.type(),
            change.state().wireName(),
            Views.progress(change.progress()),
            change.at(),
            change.seq(),
            change.queue(),
            change.attempt());
    try {
      return new LiveEvent(
          change.seq(),
          change.isStateChange(),
          change.jobId(),
          change.tenantId(),
          change.ownerId(),
          Json.mapper().writeValueAsString(message));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an event cannot fail to render", e);
    }
  }
}
