package dev.ujm.store.redismongo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.test.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link RedisRunningCountTest} on a redis-server in cluster mode that serves every slot: the
 * counts over every queue, their repair by the reconciler and the rebuild after {@code FLUSHALL},
 * with no command or script spanning two slots ({@code CROSSSLOT}; counted since the node's last
 * start, as a restart starts its counts again).
 */
class RedisRunningCountOnClusterTest extends RedisRunningCountTest {
  @RegisterExtension static final RedisServer CLUSTER = RedisServer.singleNodeCluster();

  @Override
  RedisServer redis() {
    return CLUSTER;
  }

  @BeforeEach
  void countTheErrorsOfThisTestAlone() {
    CLUSTER.resetErrorStats();
  }

  /** A test that leaves the node stopped took its counts with it; the next start begins anew. */
  @AfterEach
  void noKeysSpannedTwoSlots() {
    if (CLUSTER.isRunning()) {
      assertThat(CLUSTER.errorStats()).as("errors answered").doesNotContainKey("CROSSSLOT");
    }
  }
}
