package dev.ujm.store.redismongo;

import dev.ujm.core.cluster.NodeInfo;
import dev.ujm.core.cluster.NodeRegistry;
import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The live nodes in Redis: each node's {@link NodeInfo} under a key of its own that expires with
 * its heartbeat's time to live, and a sorted set of node ids by expiry to list them. A node that
 * dies stops renewing and drops out when its key expires; {@link #liveNodes} also prunes the set.
 * While Redis is down the list is empty and heartbeats are skipped. Thread-safe.
 */
final class RedisNodeRegistry implements NodeRegistry {
  private final RedisBackend redis;
  private final InstantSource clock;

  RedisNodeRegistry(RedisBackend redis, InstantSource clock) {
    this.redis = redis;
    this.clock = clock;
  }

  @Override
  public void heartbeat(NodeInfo node, Duration ttl) {
    long expires = clock.millis() + Math.max(1, ttl.toMillis());
    try {
      redis
          .sync()
          .set(
              nodeKey(node.nodeId()),
              JobDocuments.write(node),
              SetArgs.Builder.px(Math.max(1, ttl.toMillis())));
      redis.sync().zadd(redis.key("nodes"), (double) expires, node.nodeId());
    } catch (RedisException e) {
      // the node shows again with its next heartbeat once Redis is back
    }
  }

  @Override
  public List<NodeInfo> liveNodes() {
    try {
      long now = clock.millis();
      redis.sync().zremrangebyscore(redis.key("nodes"), Range.create(0.0, (double) now));
      List<String> ids =
          redis
              .sync()
              .zrangebyscore(redis.key("nodes"), Range.create((double) now, Double.MAX_VALUE));
      if (ids.isEmpty()) {
        return List.of();
      }
      List<NodeInfo> nodes = new ArrayList<>();
      for (String id : ids) {
        String json = redis.sync().get(nodeKey(id)); // one key a command: each in its own slot
        if (json != null) {
          nodes.add(JobDocuments.read(json, NodeInfo.class));
        }
      }
      return nodes;
    } catch (RedisException e) {
      return List.of();
    }
  }

  @Override
  public void leave(String nodeId) {
    try {
      redis.sync().del(nodeKey(nodeId));
      redis.sync().zrem(redis.key("nodes"), nodeId);
    } catch (RedisException e) {
      // the node's key expires by itself
    }
  }

  private String nodeKey(String nodeId) {
    return redis.key("node:" + nodeId);
  }
}
