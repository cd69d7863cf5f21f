package dev.ujm.store.redismongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.ujm.test.MongoFixture;
import dev.ujm.test.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The test backends do what the store's tests rely on. */
class FixturesTest {
  @RegisterExtension static final RedisServer REDIS = RedisServer.ephemeral();
  @RegisterExtension static final MongoFixture MONGO = MongoFixture.inProcess();

  @Test
  void redis_answers_on_its_port_forgets_on_flush_and_comes_back_empty_after_a_kill() {
    RedisClient client = RedisClient.create(REDIS.uri());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      connection.sync().set("k", "v");
      REDIS.flushAll();
      assertThat(connection.sync().get("k")).isNull();

      connection.sync().set("k", "v");
      int port = REDIS.port();
      REDIS.kill();
      assertThat(REDIS.isRunning()).isFalse();
      REDIS.start();

      assertThat(REDIS.port()).isEqualTo(port);
      assertThat(connection.sync().get("k")).isNull();
    } finally {
      client.shutdown();
    }
  }

  @Test
  void redis_with_an_append_only_file_keeps_its_data_across_a_restart() {
    try (RedisServer aof = RedisServer.withAppendOnly().start()) {
      RedisClient client = RedisClient.create(aof.uri());
      try (StatefulRedisConnection<String, String> connection = client.connect()) {
        connection.sync().set("k", "v");
        aof.restart();
        assertThat(connection.sync().get("k")).isEqualTo("v");
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void
      a_single_node_cluster_serves_a_plain_client_refuses_cross_slot_keys_and_survives_a_restart() {
    try (RedisServer cluster = RedisServer.singleNodeCluster().start()) {
      RedisClient client = RedisClient.create(cluster.uri());
      try (StatefulRedisConnection<String, String> connection = client.connect()) {
        connection.sync().mset(Map.of("{a}:1", "x", "{a}:2", "y"));
        assertThat(connection.sync().get("{a}:2")).isEqualTo("y");
        assertThatThrownBy(() -> connection.sync().mget("{a}:1", "{b}:1"))
            .isInstanceOf(RedisCommandExecutionException.class)
            .hasMessageContaining("CROSSSLOT");
        assertThat(cluster.errorStats()).containsEntry("CROSSSLOT", 1L);
        cluster.resetErrorStats();
        assertThat(cluster.errorStats()).isEmpty();

        cluster.restart();

        connection.sync().set("{b}:1", "z");
        assertThat(connection.sync().get("{b}:1")).isEqualTo("z");
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void mongo_keeps_documents_per_database_and_refuses_connections_once_stopped() {
    try (MongoFixture own = MongoFixture.inProcess().start();
        MongoClient client = MongoClients.create(own.uri() + "/?serverSelectionTimeoutMS=500")) {
      String db = own.freshDatabase();
      client.getDatabase(db).getCollection("c").insertOne(new Document("_id", "a"));
      assertThat(client.getDatabase(db).getCollection("c").countDocuments()).isEqualTo(1);
      assertThat(client.getDatabase(own.freshDatabase()).getCollection("c").countDocuments())
          .isZero();

      own.stop();

      assertThatThrownBy(() -> client.getDatabase(db).getCollection("c").countDocuments())
          .isInstanceOf(com.mongodb.MongoException.class);
    }
  }
}
