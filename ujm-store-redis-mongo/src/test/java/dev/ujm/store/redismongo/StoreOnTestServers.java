package dev.ujm.store.redismongo;

import dev.ujm.test.ManualClock;
import dev.ujm.test.MongoFixture;
import dev.ujm.test.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A store of its own for each test, on a real {@code redis-server} and the in-process MongoDB of
 * the test class, with a clock moved by hand. A test may stop Redis: it runs again before the next
 * test.
 */
abstract class StoreOnTestServers {
  @RegisterExtension static final RedisServer REDIS = RedisServer.ephemeral();
  @RegisterExtension static final MongoFixture MONGO = MongoFixture.inProcess();

  static final Duration LEASE = Duration.ofSeconds(30);

  final ManualClock clock = ManualClock.startingAt2026();

  /** The database of this test's store, for a second store on the same data. */
  final String database = MONGO.freshDatabase();

  RedisMongoJobStore store;

  /** The Redis of this test class: {@link #REDIS}, unless a subclass runs the tests on another. */
  RedisServer redis() {
    return REDIS;
  }

  @BeforeEach
  void openStore() {
    redis().start();
    store = RedisMongoJobStore.open(MONGO.uri(), database, redis().uri(), clock);
  }

  @AfterEach
  void closeStore() {
    store.close();
    redis().start();
  }
}
