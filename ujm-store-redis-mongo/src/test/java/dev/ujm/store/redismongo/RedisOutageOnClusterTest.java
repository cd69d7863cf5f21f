package dev.ujm.store.redismongo;

import dev.ujm.test.RedisServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link RedisOutageTest} on a redis-server in cluster mode that serves every slot: jobs accepted
 * while it is down, the queue rebuilt after a restart or {@code FLUSHALL}, with no command or
 * script spanning two slots ({@code CROSSSLOT}; counted since the node's last start, as a restart
 * starts its counts again).
 */
class RedisOutageOnClusterTest extends RedisOutageTest {
  @RegisterExtension static final RedisServer CLUSTER = RedisServer.singleNodeCluster();

  @RegisterExtension final NoCrossSlotCommands noCrossSlot = new NoCrossSlotCommands(CLUSTER);

  @Override
  RedisServer redis() {
    return CLUSTER;
  }
}
