package dev.ujm.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.ujm.core.auth.ApiKey;
import dev.ujm.core.auth.ApiRole;
import dev.ujm.core.tenant.TenantQuotas;
import dev.ujm.server.http.Caller;
import dev.ujm.server.http.RateDecision;
import dev.ujm.test.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The submit buckets in a real redis-server: shared by two nodes' limiters, under the store's
 * namespace with an expiry, and letting requests through while Redis cannot be reached; and a
 * tenant's own rates in place of the settings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisRateBucketsTest {
  private static final RateSettings THREE_PER_KEY =
      new RateSettings(3, 0, 20, Duration.ofMinutes(5));

  private final RedisServer redis = RedisServer.ephemeral();
  private final InstantSource clock = InstantSource.fixed(Instant.parse("2026-03-01T10:00:00Z"));

  @BeforeAll
  void startRedis() {
    redis.start();
  }

  @AfterAll
  void stopRedis() {
    redis.close();
  }

  private static Caller caller(String keyId) {
    return new Caller(
        new ApiKey(keyId, ApiRole.USER, "acme", "alice", null, Instant.EPOCH, null), "acme");
  }

  private static SubmitRateLimiter limiter(RateSettings settings, RateBuckets buckets) {
    return new SubmitRateLimiter(settings, buckets, tenant -> TenantQuotas.NONE);
  }

  @Test
  void two_nodes_take_from_one_bucket_kept_under_the_namespace_with_an_expiry() {
    try (RedisRateBuckets node1 = RedisRateBuckets.on(redis.uri(), "deployment-a", clock);
        RedisRateBuckets node2 = RedisRateBuckets.on(redis.uri(), "deployment-a", clock);
        RedisRateBuckets elsewhere = RedisRateBuckets.on(redis.uri(), "deployment-b", clock)) {
      SubmitRateLimiter first = limiter(THREE_PER_KEY, node1);
      SubmitRateLimiter second = limiter(THREE_PER_KEY, node2);

      for (SubmitRateLimiter node : List.of(first, second, first)) {
        RateDecision taken = node.acquire(caller("k1"), true);
        assertThat(taken.allowed()).isTrue();
        assertThat(taken.limits()).as("the bucket answered").hasSize(1);
      }
      RateDecision refused = second.acquire(caller("k1"), true);

      assertThat(refused.allowed()).isFalse();
      assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(20));
      assertThat(limiter(THREE_PER_KEY, elsewhere).acquire(caller("k1"), true).allowed()).isTrue();
      RedisClient client = RedisClient.create(redis.uri());
      try (StatefulRedisConnection<String, String> raw = client.connect()) {
        assertThat(raw.sync().keys("deployment-a:*")).containsExactly("deployment-a:rate:key:k1:3");
        // empty now, the bucket is whole again in a minute; its key goes a little after that
        assertThat(raw.sync().pttl("deployment-a:rate:key:k1:3"))
            .isBetween(55_000L, 60_000L + RedisRateBuckets.IDLE_GRACE.toMillis());
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void while_redis_cannot_be_reached_submits_go_ahead_unlimited() {
    RedisServer gone = RedisServer.ephemeral().start();
    String uri = gone.uri();
    gone.close();
    try (RedisRateBuckets buckets = RedisRateBuckets.on(uri, "deployment-a", clock)) {
      SubmitRateLimiter limiter = limiter(THREE_PER_KEY, buckets);

      for (int i = 0; i < 5; i++) {
        RateDecision decision = limiter.acquire(caller("k2"), true);
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.limits()).isEmpty();
      }
    }
  }

  @Test
  void a_tenants_own_rates_replace_the_settings_and_zero_lifts_one() {
    Map<String, TenantQuotas> own =
        Map.of("acme", new TenantQuotas(null, null, null, null, null, null, 1, 0));
    SubmitRateLimiter limiter =
        new SubmitRateLimiter(
            new RateSettings(1, 5, 20, Duration.ofMinutes(5)),
            new LocalRateBuckets(clock),
            own::get);

    assertThat(limiter.acquire(caller("k3"), true).allowed()).isTrue();
    RateDecision refused = limiter.acquire(caller("k4"), true);

    assertThat(refused.allowed()).isFalse();
    assertThat(refused.limits())
        .extracting(RateDecision.Limit::name, RateDecision.Limit::quota)
        .containsExactly(tuple("tenant", 1L));
  }
}
