package dev.ujm.core.worker;

/**
 * One queue's worker pool at a moment, as {@code /api/v2/workers} shows it.
 *
 * @param queue the queue the pool claims from
 * @param size how many jobs of this queue may run at once on this node
 * @param busy how many run now
 * @param claimed jobs claimed since start
 * @param completed attempts that completed
 * @param failed attempts that failed (retried or dead-lettered)
 * @param loopRestarts times the pool's claim loop died on an unexpected error and was restarted
 */
public record PoolSnapshot(
    String queue,
    int size,
    int busy,
    long claimed,
    long completed,
    long failed,
    long loopRestarts) {}
