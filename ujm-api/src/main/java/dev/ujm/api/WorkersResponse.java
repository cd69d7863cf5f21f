package dev.ujm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * Answer of {@code GET /api/v2/workers}: this node's workers, one pool per queue.
 *
 * @param nodeId the node's stable name
 * @param workerId {@code <nodeId>/<bootId>}, written to the jobs this node holds
 * @param state {@code new}, {@code running}, {@code stopping} or {@code stopped}
 * @param running attempts running now, over all pools
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkersResponse(
    String nodeId,
    String workerId,
    String state,
    Instant startedAt,
    int running,
    List<WorkerPoolView> pools,
    List<NodeView> nodes) {

  /** This node alone. */
  public WorkersResponse(
      String nodeId,
      String workerId,
      String state,
      Instant startedAt,
      int running,
      List<WorkerPoolView> pools) {
    this(nodeId, workerId, state, startedAt, running, pools, null);
  }

  /**
   * A live node as the node registry knows it (each node announces itself at every heartbeat).
   *
   * @param lastSeen its last heartbeat
   * @param pools its pools at that heartbeat: queue, size and busy slots
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NodeView(
      String nodeId,
      String workerId,
      String host,
      Instant startedAt,
      Instant lastSeen,
      List<WorkerPoolView> pools) {}

  /**
   * The autoscaler's last change of a pool's size.
   *
   * @param reason what it saw: backlog, busy slots, run times
   */
  public record ScalingView(Instant at, int from, int to, String reason) {}

  /**
   * @param size how many jobs of this queue run at once on this node
   * @param busy how many run now
   * @param claimed jobs claimed since the node started
   * @param completed attempts that completed
   * @param failed attempts that failed (retried or dead-lettered)
   * @param loopRestarts times the pool's claim loop died and was restarted
   * @param paused whether the pool claims nothing now
   * @param autoscale the range the pool is autoscaled in, when it is
   * @param lastScaling the autoscaler's last change of its size
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record WorkerPoolView(
      String queue,
      int size,
      int busy,
      Long claimed,
      Long completed,
      Long failed,
      Long loopRestarts,
      Boolean paused,
      ScaleRangeView autoscale,
      ScalingView lastScaling) {

    public WorkerPoolView(
        String queue,
        int size,
        int busy,
        long claimed,
        long completed,
        long failed,
        long loopRestarts) {
      this(queue, size, busy, claimed, completed, failed, loopRestarts, null, null, null);
    }
  }
}
