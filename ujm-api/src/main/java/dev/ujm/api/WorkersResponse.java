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
    List<WorkerPoolView> pools) {

  /**
   * @param size how many jobs of this queue run at once on this node
   * @param busy how many run now
   * @param claimed jobs claimed since the node started
   * @param completed attempts that completed
   * @param failed attempts that failed (retried or dead-lettered)
   * @param loopRestarts times the pool's claim loop died and was restarted
   */
  public record WorkerPoolView(
      String queue,
      int size,
      int busy,
      long claimed,
      long completed,
      long failed,
      long loopRestarts) {}
}
