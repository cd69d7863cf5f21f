package dev.ujm.store.redismongo;

import dev.ujm.test.MongoFixture;
import dev.ujm.test.RedisServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole storage contract against a real redis-server and MongoDB (in process, or the real one
 * {@code UJM_TEST_MONGO_URI} names): a fresh database and Redis namespace per test.
 */
class RedisMongoJobStoreContractTest extends RedisMongoStoreContract {
  @RegisterExtension static final RedisServer REDIS = RedisServer.ephemeral();
  @RegisterExtension static final MongoFixture MONGO = MongoFixture.inProcess();

  @Override
  String redisUri() {
    return REDIS.uri();
  }

  @Override
  MongoFixture mongo() {
    return MONGO;
  }
}
