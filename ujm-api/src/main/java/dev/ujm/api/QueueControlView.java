package dev.ujm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What operators decided for a queue, applied on every node: paused or not, a fixed pool size per
 * node, or an autoscaling range; absent fields follow each node's configuration.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueueControlView(
    String queue,
    boolean paused,
    Integer size,
    ScaleRangeView autoscale,
    Instant updatedAt,
    String updatedBy) {}
