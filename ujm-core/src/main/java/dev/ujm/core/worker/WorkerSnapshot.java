package dev.ujm.core.worker;

import java.time.Instant;
import java.util.List;

/**
 * This node's workers at a moment.
 *
 * @param nodeId the node's stable name
 * @param workerId {@code <nodeId>/<bootId>}, the id written to the jobs it holds
 * @param state {@code new}, {@code running}, {@code stopping} or {@code stopped}
 * @param startedAt when {@link JobWorkerService#start()} ran, or null before
 * @param running attempts running now, over all pools
 * @param pools one entry per queue, sorted by queue
 */
public record WorkerSnapshot(
    String nodeId,
    String workerId,
    String state,
    Instant startedAt,
    int running,
    List<PoolSnapshot> pools) {
  public WorkerSnapshot {
    pools = List.copyOf(pools);
  }
}
