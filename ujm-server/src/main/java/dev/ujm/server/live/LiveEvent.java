package dev.ujm.server.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ujm.api.JobEventMessage;
import dev.ujm.core.events.JobChange;
import dev.ujm.core.model.Json;
import dev.ujm.server.http.Views;

/**
 * One event of the live streams, rendered to its JSON when the first client that receives it asks
 * for it, and then once for every client: a change that no client follows is never rendered.
 * Thread-safe (two clients asking at once may both render it; they get equal text).
 */
final class LiveEvent {
  private final JobChange change;
  private volatile String json;

  private LiveEvent(JobChange change) {
    this.change = change;
  }

  static LiveEvent of(JobChange change) {
    return new LiveEvent(change);
  }

  long seq() {
    return change.seq();
  }

  boolean isState() {
    return change.isStateChange();
  }

  String jobId() {
    return change.jobId();
  }

  String tenantId() {
    return change.tenantId();
  }

  String ownerId() {
    return change.ownerId();
  }

  /** The event as the wire carries it ({@link JobEventMessage}). */
  String json() {
    String text = json;
    if (text == null) {
      text = render(change);
      json = text;
    }
    return text;
  }

  private static String render(JobChange change) {
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
      return Json.mapper().writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an event cannot fail to render", e);
    }
  }

  @Override
  public String toString() {
    return "LiveEvent[seq=" + seq() + ", job=" + jobId() + ", state=" + isState() + "]";
  }
}
