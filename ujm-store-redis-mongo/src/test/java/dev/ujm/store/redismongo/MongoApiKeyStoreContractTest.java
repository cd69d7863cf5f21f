package dev.ujm.store.redismongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ujm.core.auth.ApiKeyStore;
import dev.ujm.core.auth.ApiKeys;
import dev.ujm.core.auth.ApiRole;
import dev.ujm.store.tck.ApiKeyStoreContract;
import dev.ujm.test.MongoFixture;
import dev.ujm.test.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The key contract on MongoDB, and what only a shared backend can show. */
class MongoApiKeyStoreContractTest extends ApiKeyStoreContract {
  @RegisterExtension static final RedisServer REDIS = RedisServer.ephemeral();
  @RegisterExtension static final MongoFixture MONGO = MongoFixture.inProcess();

  private final List<RedisMongoJobStore> backends = new ArrayList<>();
  private String database;

  @Override
  protected ApiKeyStore newStore() {
    if (database == null) {
      database = MONGO.freshDatabase();
    }
    return keysOf(openBackend());
  }

  @AfterEach
  void closeBackends() {
    backends.forEach(RedisMongoJobStore::close);
  }

  private RedisMongoJobStore openBackend() {
    RedisMongoJobStore backend = RedisMongoJobStore.open(MONGO.uri(), database, REDIS.uri(), clock);
    backends.add(backend);
    return backend;
  }

  private static MongoApiKeyStore keysOf(RedisMongoJobStore backend) {
    return new MongoApiKeyStore(backend.mongo(), backend.channels());
  }

  @Test
  void a_key_revoked_on_one_node_is_refused_by_another_within_a_second() {
    ApiKeys first = keys;
    ApiKeys second = new ApiKeys(keysOf(openBackend()), clock);
    ApiKeys.IssuedKey issued = first.issue(ApiRole.USER, "acme", "alice", null, "admin");
    assertThat(second.authenticate(issued.secret())).isPresent(); // now in the second's cache

    first.revoke(issued.key().id(), "admin");

    await()
        .atMost(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(second.authenticate(issued.secret())).isEmpty());
  }

  @Test
  void keys_live_in_mongodb_and_every_node_of_the_database_sees_them() {
    ApiKeys.IssuedKey issued = keys.issue(ApiRole.ADMIN, "acme", "root", "ops", "admin");

    ApiKeyStore other = keysOf(openBackend());

    assertThat(new ApiKeys(other, clock).authenticate(issued.secret())).contains(issued.key());
    assertThat(other.auditTrail(issued.key().id())).hasSize(1);
  }
}
