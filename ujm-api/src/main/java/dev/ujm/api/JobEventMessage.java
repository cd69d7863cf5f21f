package dev.ujm.api;

import java.time.Instant;

/**
 * The one event shape of the real-time channels (long-poll, SSE, WebSocket): {@code
 * {"event":"state"|"progress","jobId","type","state","progress","at"}}.
 */
public record JobEventMessage(
    String event, String jobId, String type, String state, ProgressView progress, Instant at) {}
