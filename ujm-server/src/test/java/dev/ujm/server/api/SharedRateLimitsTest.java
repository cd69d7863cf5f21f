package dev.ujm.server.api;

import static dev.ujm.server.api.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.test.MongoFixture;
import dev.ujm.test.RedisServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes in this JVM on one redis-server and one MongoDB share the buckets of the submit rates:
 * a key's quota holds for the total over both nodes, and a tenant's own rate, put through one node,
 * holds on the other at the next request. Their clock stands still, so no bucket refills while the
 * test runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedRateLimitsTest {
  private static final String PARKED = "{\"type\":\"noop\",\"delaySeconds\":3600}";

  private final RedisServer redis = RedisServer.ephemeral();
  private final MongoFixture mongo = MongoFixture.inProcess();

  /** Both nodes' clock, standing still, so a bucket refills only when the test says. */
  private final InstantSource clock = InstantSource.fixed(Instant.now());

  private ServerFixture first;
  private ServerFixture second;

  @BeforeAll
  void twoNodesOnOneRedisAndOneMongo(@TempDir Path dir) {
    redis.start();
    mongo.start();
    Map<String, String> settings =
        Map.of(
            "UJM_STORE",
            "redis-mongo",
            "UJM_REDIS_URI",
            redis.uri(),
            "UJM_MONGO_URI",
            mongo.uri(),
            "UJM_MONGO_DB",
            mongo.freshDatabase(),
            "UJM_RATE_KEY_SUBMITS_PER_MINUTE",
            "4",
            "UJM_WORKERS",
            "1");
    first = ServerFixture.start(dir.resolve("first"), settings, b -> b.clock(clock));
    second = ServerFixture.start(dir.resolve("second"), settings, b -> b.clock(clock));
  }

  @AfterAll
  void stopEverything() {
    for (AutoCloseable closing : List.<AutoCloseable>of(first, second, mongo, redis)) {
      try {
        closing.close();
      } catch (Exception e) {
        // the others still close
      }
    }
  }

  private static HttpResponse<String> submit(ServerFixture node, String key) {
    return node.send("POST", "/api/v2/jobs", key, PARKED);
  }

  @Test
  @Order(1)
  void a_keys_submits_spread_over_both_nodes_are_counted_together() {
    String key = first.key("user", "acme", "alice").key();

    assertThat(submit(first, key).statusCode()).isEqualTo(201);
    assertThat(submit(second, key).statusCode()).isEqualTo(201);
    assertThat(submit(first, key).statusCode()).isEqualTo(201);
    HttpResponse<String> last = submit(second, key);
    assertThat(last.statusCode()).isEqualTo(201);
    assertThat(last.headers().firstValue("RateLimit")).get().asString().startsWith("\"key\";r=0;");

    for (ServerFixture node : List.of(first, second)) {
      HttpResponse<String> limited = submit(node, key);
      assertProblem(limited, 429, "rate-limited");
      assertThat(limited.headers().firstValue("Retry-After")).hasValue("15");
      assertThat(limited.headers().firstValue("RateLimit-Policy")).hasValue("\"key\";q=4;w=60");
    }
    String other = second.key("user", "acme", "bob").key();
    assertThat(submit(first, other).statusCode()).isEqualTo(201);
  }

  @Test
  @Order(1)
  void a_tenants_own_rate_put_through_one_node_holds_on_the_other_at_the_next_request() {
    String key = first.key("user", "globex", "carol").key();
    assertThat(submit(second, key).statusCode()).isEqualTo(201);

    HttpResponse<String> put =
        first.send(
            "PUT",
            "/api/v2/tenants/globex",
            ServerFixture.ADMIN_KEY,
            "{\"quotas\":{\"submitsPerMinute\":2,\"keySubmitsPerMinute\":10}}");
    assertThat(put.statusCode()).isEqualTo(200);

    HttpResponse<String> firstUnder = submit(second, key);
    assertThat(firstUnder.statusCode()).isEqualTo(201);
    assertThat(firstUnder.headers().firstValue("RateLimit-Policy"))
        .hasValue("\"key\";q=10;w=60, \"tenant\";q=2;w=60");
    assertThat(submit(first, key).statusCode()).isEqualTo(201);
    HttpResponse<String> limited = submit(second, key);
    assertProblem(limited, 429, "rate-limited");
    assertThat(limited.headers().firstValue("RateLimit-Policy").orElseThrow())
        .contains("\"tenant\";q=2;w=60");
  }

  /** Last: it stops Redis. */
  @Test
  @Order(2)
  void with_redis_gone_a_key_past_its_limit_submits_again_as_the_limits_fail_open() {
    String key = first.key("user", "initech", "peter").key();
    for (int i = 0; i < 4; i++) {
      assertThat(submit(i % 2 == 0 ? first : second, key).statusCode()).isEqualTo(201);
    }
    assertProblem(submit(first, key), 429, "rate-limited");

    redis.stop();

    HttpResponse<String> unlimited = submit(second, key);
    assertThat(unlimited.statusCode()).as(unlimited.body()).isEqualTo(201);
    assertThat(unlimited.headers().firstValue("RateLimit")).isEmpty();
  }
}
