package dev.ujm.core.cluster;

import java.time.Instant;
import java.util.List;

/**
 * What a node tells the others about itself at each heartbeat.
 *
 * @param nodeId the node's stable id (unique per data directory or process)
 * @param workerId {@code <nodeId>/<bootId>}: the id this run writes to the jobs it claims
 * @param host the host name, for people
 * @param startedAt when this run started
 * @param lastSeen the instant of the heartbeat that carried this
 * @param pools the node's worker pools now
 */
public record NodeInfo(
    String nodeId,
    String workerId,
    String host,
    Instant startedAt,
    Instant lastSeen,
    List<PoolInfo> pools) {

  public NodeInfo {
    pools = pools == null ? List.of() : List.copyOf(pools);
  }

  /**
   * One worker pool of a node.
   *
   * @param queue the queue it serves
   * @param size its number of slots
   * @param busy slots running a job now
   */
  public record PoolInfo(String queue, int size, int busy) {}
}
