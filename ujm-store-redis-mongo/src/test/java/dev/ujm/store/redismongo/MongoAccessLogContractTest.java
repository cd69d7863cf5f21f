package dev.ujm.store.redismongo;

import dev.ujm.core.audit.AccessLog;
import dev.ujm.store.tck.AccessLogContract;
import dev.ujm.test.MongoFixture;
import dev.ujm.test.RedisServer;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The access audit contract on MongoDB: a fresh database per log. */
class MongoAccessLogContractTest extends AccessLogContract {
  @RegisterExtension static final RedisServer REDIS = RedisServer.ephemeral();
  @RegisterExtension static final MongoFixture MONGO = MongoFixture.inProcess();

  private final List<RedisMongoJobStore> opened = new ArrayList<>();

  @Override
  protected AccessLog newLog() {
    RedisMongoJobStore store =
        RedisMongoJobStore.open(
            MONGO.uri(), MONGO.freshDatabase(), REDIS.uri(), InstantSource.system());
    opened.add(store);
    return store.accessLog();
  }

  @AfterEach
  void close() {
    opened.forEach(RedisMongoJobStore::close);
  }
}
