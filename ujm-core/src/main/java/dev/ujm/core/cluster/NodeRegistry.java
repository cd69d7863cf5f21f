package dev.ujm.core.cluster;

import java.time.Duration;
import java.util.List;

/**
 * Who is alive: each node announces itself at every heartbeat, and a node whose announcement has
 * expired is gone. The embedded store has one node per data directory ({@link LocalNodeRegistry});
 * a distributed store keeps the registry where every node sees it. Thread-safe.
 */
public interface NodeRegistry {

  /** Announces the node alive until {@code ttl} from now, with what it runs. */
  void heartbeat(NodeInfo node, Duration ttl);

  /** The nodes whose last announcement has not expired, by node id. */
  List<NodeInfo> liveNodes();

  /** The node stops; it is gone at once rather than when its announcement expires. */
  void leave(String nodeId);
}
