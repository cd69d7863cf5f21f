package dev.ujm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The one event shape of the real-time channels (long-poll, SSE, WebSocket): {@code
 * {"event":"state"|"progress","jobId","type","state","progress","at","seq","queue","attempt"}}.
 *
 * @param seq the node's sequence number of the event (the SSE id's number); absent when the event
 *     was read from the store rather than taken from the event stream (a long-poll answer)
 * @param queue the job's queue
 * @param attempt the job's attempt after the change
 */
public record JobEventMessage(
    String event,
    String jobId,
    String type,
    String state,
    ProgressView progress,
    Instant at,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long seq,
    @JsonInclude(JsonInclude.Include.NON_NULL) String queue,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer attempt) {

  /** An event without sequence number, queue and attempt. */
  public JobEventMessage(
      String event, String jobId, String type, String state, ProgressView progress, Instant at) {
    this(event, jobId, type, state, progress, at, null, null, null);
  }
}
