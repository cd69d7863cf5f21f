package dev.ujm.store.redismongo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.test.RedisServer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What two nodes share besides the job store (events, locks, live nodes, queue controls), as {@link
 * RedisMongoStoreProviderTest} checks it, on a redis-server in cluster mode that serves every slot:
 * none of it sends a command or script whose keys hash to different slots ({@code CROSSSLOT}).
 */
class RedisClusterServicesTest extends RedisMongoStoreProviderTest {
  @RegisterExtension static final RedisServer CLUSTER = RedisServer.singleNodeCluster();

  @Override
  String redisUri() {
    return CLUSTER.uri();
  }

  @BeforeEach
  void countTheErrorsOfThisTestAlone() {
    CLUSTER.resetErrorStats();
  }

  @AfterEach
  void noCommandWasRefused() {
    Map<String, Long> refused = CLUSTER.refusedCalls();
    assertThat(CLUSTER.errorStats())
        .as("errors answered, by prefix")
        .doesNotContainKey("CROSSSLOT");
    assertThat(refused.keySet())
        .as("commands refused or failed: %s", refused)
        .isSubsetOf("evalsha");
  }
}
