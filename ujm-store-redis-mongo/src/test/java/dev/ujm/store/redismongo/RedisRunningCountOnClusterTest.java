package dev.ujm.store.redismongo;

import dev.ujm.test.RedisServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link RedisRunningCountTest} on a redis-server in cluster mode that serves every slot: the
 * counts over every queue, their repair by the reconciler and the rebuild after {@code FLUSHALL},
 * with no command or script spanning two slots ({@code CROSSSLOT}; counted since the node's last
 * start, as a restart starts its counts again).
 */
class RedisRunningCountOnClusterTest extends RedisRunningCountTest {
  @RegisterExtension static final RedisServer CLUSTER = RedisServer.singleNodeCluster();

  @RegisterExtension final NoCrossSlotCommands noCrossSlot = new NoCrossSlotCommands(CLUSTER);

  @Override
  RedisServer redis() {
    return CLUSTER;
  }
}
