package dev.ujm.store.redismongo;

import static dev.ujm.test.JobFixtures.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ujm.core.store.StorageFaultException;
import dev.ujm.test.ManualClock;
import dev.ujm.test.MongoFixture;
import dev.ujm.test.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MongoDB is the source of truth: with it down a submit fails as a storage fault (the API answers
 * 503) and leaves nothing behind, in Redis either.
 */
class MongoOutageTest {
  @RegisterExtension static final RedisServer REDIS = RedisServer.ephemeral();

  private final ManualClock clock = ManualClock.startingAt2026();

  @Test
  void with_mongodb_down_a_submit_is_refused_as_unavailable_and_redis_holds_nothing() {
    // stopping a real MongoDB is not this test's to do: it runs on the in-process server only
    try (MongoFixture mongo = MongoFixture.inProcess().start();
        RedisMongoJobStore store =
            RedisMongoJobStore.open(mongo.uri(), mongo.freshDatabase(), REDIS.uri(), clock)) {
      mongo.stop();

      assertThatThrownBy(() -> store.submitAll(List.of(aJob().build(), aJob().build())))
          .isInstanceOfSatisfying(
              StorageFaultException.class,
              e -> assertThat(e.kind()).isEqualTo(StorageFaultException.Kind.UNAVAILABLE));
      assertThat(store.health().ready()).isFalse();
      assertThat(store.health().detail()).contains("MongoDB does not answer");
      assertThat(readyIds(store)).isZero();
    }
  }

  private static long readyIds(RedisMongoJobStore store) {
    RedisClient client = RedisClient.create(REDIS.uri());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      return c.sync().hlen(store.redis().queueKey("noop", "jobs"));
    } finally {
      client.shutdown();
    }
  }
}
