package dev.ujm.api;

/**
 * Body of {@code PATCH /api/v2/queues/{queue}}: every field is optional, and those given are
 * applied on every node that serves the queue.
 *
 * @param paused true stops claims from the queue (running jobs finish), false resumes them
 * @param size slots per node (0 to 10,000); turns autoscaling off
 * @param autoscale a range to autoscale each node's pool in; replaces a fixed size
 */
public record QueueUpdateRequest(Boolean paused, Integer size, ScaleRangeView autoscale) {}
