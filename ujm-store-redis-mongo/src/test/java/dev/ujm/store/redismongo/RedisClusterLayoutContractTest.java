package dev.ujm.store.redismongo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.test.MongoFixture;
import dev.ujm.test.RedisServer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole storage contract, as {@link RedisMongoJobStoreContractTest} runs it, against a
 * redis-server in cluster mode that serves every slot itself. Such a node refuses what a Redis
 * Cluster refuses, a command or script whose keys hash to different slots ({@code CROSSSLOT}), so
 * every test here also checks that each command and script call of the store keeps to one slot.
 *
 * <p>The store takes a refused command for Redis being away and carries on from MongoDB, so a test
 * alone could pass on a refused layout: after each test the node must have refused no command and
 * answered no {@code CROSSSLOT}; only a script run by a digest it did not know yet fails ({@code
 * NOSCRIPT}, which the store answers by sending the script).
 *
 * <p>A node that owns every slot lets a script touch a key it did not declare in another slot, so
 * that the scripts keep to their declared slot is for their review: the only keys they do not
 * declare are a queue's per-tenant ready sets, named from the queue's own prefix.
 */
class RedisClusterLayoutContractTest extends RedisMongoStoreContract {
  @RegisterExtension static final RedisServer REDIS = RedisServer.singleNodeCluster();
  @RegisterExtension static final MongoFixture MONGO = MongoFixture.inProcess();

  @BeforeEach
  void countTheErrorsOfThisTestAlone() {
    REDIS.resetErrorStats();
  }

  @AfterEach
  void noCommandWasRefused() {
    Map<String, Long> errors = REDIS.errorStats();
    Map<String, Long> refused = REDIS.refusedCalls();
    assertThat(errors).as("errors answered, by prefix").doesNotContainKey("CROSSSLOT");
    assertThat(refused.keySet())
        .as("commands refused or failed: %s", refused)
        .isSubsetOf("evalsha");
    assertThat(refused.getOrDefault("evalsha", 0L))
        .as("scripts that failed other than as unknown digests (errors: %s)", errors)
        .isLessThanOrEqualTo(errors.getOrDefault("NOSCRIPT", 0L));
  }

  @Override
  String redisUri() {
    return REDIS.uri();
  }

  @Override
  MongoFixture mongo() {
    return MONGO;
  }
}
