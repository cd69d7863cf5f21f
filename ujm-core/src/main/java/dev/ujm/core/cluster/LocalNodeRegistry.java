package dev.ujm.core.cluster;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The {@link NodeRegistry} of one process: the nodes it runs, in memory. Thread-safe. */
public final class LocalNodeRegistry implements NodeRegistry {
  private record Entry(NodeInfo node, Instant expires) {}

  private final InstantSource clock;
  private final Map<String, Entry> nodes = new TreeMap<>();

  public LocalNodeRegistry(InstantSource clock) {
    this.clock = clock;
  }

  @Override
  public synchronized void heartbeat(NodeInfo node, Duration ttl) {
    nodes.put(node.nodeId(), new Entry(node, clock.instant().plus(ttl)));
  }

  @Override
  public synchronized List<NodeInfo> liveNodes() {
    Instant now = clock.instant();
    nodes.values().removeIf(e -> !e.expires().isAfter(now));
    List<NodeInfo> live = new ArrayList<>();
    nodes.values().forEach(e -> live.add(e.node()));
    return live;
  }

  @Override
  public synchronized void leave(String nodeId) {
    nodes.remove(nodeId);
  }
}
