package dev.ujm.store.redismongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.StoreHealth;
import dev.ujm.test.ManualClock;
import dev.ujm.test.MongoFixture;
import dev.ujm.test.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store reports MongoDB and Redis apart: with Redis down it is still ready (MongoDB holds every
 * accepted job) and names Redis as the one that does not answer.
 */
class RedisMongoReadinessTest {
  @RegisterExtension static final RedisServer REDIS = RedisServer.ephemeral();
  @RegisterExtension static final MongoFixture MONGO = MongoFixture.inProcess();

  @Test
  void with_redis_down_the_store_stays_ready_and_says_redis_does_not_answer() {
    try (RedisMongoJobStore store =
        RedisMongoJobStore.open(
            MONGO.uri(), MONGO.freshDatabase(), REDIS.uri(), ManualClock.startingAt2026())) {
      assertThat(store.backendHealth())
          .containsOnlyKeys("mongo", "redis")
          .allSatisfy((name, health) -> assertThat(health.ready()).as(name).isTrue());

      REDIS.stop();
      try {
        store.submit(NewJob.ofType("noop").build()); // accepted: MongoDB has it
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> !store.backendHealth().get("redis").ready());

        assertThat(store.backendHealth().get("mongo")).isEqualTo(StoreHealth.READY);
        assertThat(store.backendHealth().get("redis").detail()).contains("Redis does not answer");
        assertThat(store.health().ready()).isTrue();
      } finally {
        REDIS.start();
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> store.backendHealth().get("redis").ready());
    }
  }
}
