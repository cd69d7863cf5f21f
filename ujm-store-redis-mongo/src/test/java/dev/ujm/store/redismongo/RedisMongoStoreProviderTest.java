package dev.ujm.store.redismongo;

import static dev.ujm.test.JobFixtures.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ujm.core.cluster.LockGrant;
import dev.ujm.core.cluster.NodeInfo;
import dev.ujm.core.cluster.QueueControl;
import dev.ujm.core.cluster.QueueControlUpdate;
import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.events.JobChange;
import dev.ujm.core.store.StoreProviders;
import dev.ujm.core.store.Stores;
import dev.ujm.test.MongoFixture;
import dev.ujm.test.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code UJM_STORE=redis-mongo} as the server opens it: the settings checked one sentence per
 * problem, and two nodes on one Redis and MongoDB sharing events, locks, live nodes and queue
 * controls.
 */
class RedisMongoStoreProviderTest {
  @RegisterExtension static final RedisServer REDIS = RedisServer.ephemeral();
  @RegisterExtension static final MongoFixture MONGO = MongoFixture.inProcess();

  private final String database = MONGO.freshDatabase();
  private final List<Stores> opened = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    opened.forEach(Stores::close);
  }

  /** The Redis the nodes share. */
  String redisUri() {
    return REDIS.uri();
  }

  private UjmConfig config(Map<String, String> overrides) {
    Map<String, String> values =
        new java.util.HashMap<>(
            Map.of(
                "UJM_STORE",
                "redis-mongo",
                "UJM_REDIS_URI",
                redisUri(),
                "UJM_MONGO_URI",
                MONGO.uri(),
                "UJM_MONGO_DB",
                database));
    values.putAll(overrides);
    return UjmConfig.from(values);
  }

  private Stores node() {
    Stores stores =
        StoreProviders.named("redis-mongo").orElseThrow().open(config(Map.of()), Clock.systemUTC());
    opened.add(stores);
    return stores;
  }

  @Test
  void the_settings_are_checked_with_one_sentence_per_problem() {
    var provider = StoreProviders.named("redis-mongo").orElseThrow();

    assertThat(provider.check(config(Map.of()))).isEmpty();
    assertThat(
            provider.check(
                config(
                    Map.of(
                        "UJM_REDIS_URI", "http://127.0.0.1:6379",
                        "UJM_MONGO_URI", "postgres://db",
                        "UJM_MONGO_DB", "no spaces please"))))
        .containsExactly(
            "UJM_REDIS_URI must start with redis:// or rediss://, not http://.",
            "UJM_MONGO_URI must start with mongodb:// or mongodb+srv://, not postgres://.",
            "UJM_MONGO_DB must be 1 to 63 letters, digits, '_' or '-', not \"no spaces please\".");
  }

  @Test
  void an_unreachable_redis_is_named_without_its_password() {
    var provider = StoreProviders.named("redis-mongo").orElseThrow();
    UjmConfig unreachable =
        config(
            Map.of(
                "UJM_REDIS_URI",
                "redis://user:secret@127.0.0.1:" + RedisServer.ephemeral().start().port()));
    // the port was free a moment ago and nothing listens there now
    assertThatThrownBy(() -> provider.open(unreachable, Clock.systemUTC()))
        .hasMessageStartingWith("Redis at redis://***@127.0.0.1:")
        .hasMessageNotContaining("secret");
  }

  @Test
  void a_job_submitted_on_one_node_is_an_event_on_the_other() {
    Stores a = node();
    Stores b = node();
    List<JobChange> seenByB = new CopyOnWriteArrayList<>();
    b.events().subscribe(change -> true, seenByB::add);
    a.jobs().addListener(a.events()::publish);

    String id = a.jobs().submit(aJob().build()).job().id();

    await()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(() -> assertThat(seenByB).extracting(JobChange::jobId).contains(id));
  }

  @Test
  void one_node_at_a_time_holds_a_lock_and_the_next_holder_gets_a_larger_token() {
    Stores a = node();
    Stores b = node();

    LockGrant first =
        a.locks().tryAcquire("duty:reaper", "a", Duration.ofMillis(300)).orElseThrow();
    assertThat(b.locks().tryAcquire("duty:reaper", "b", Duration.ofSeconds(5))).isEmpty();

    LockGrant second =
        await()
            .atMost(Duration.ofSeconds(3))
            .until(
                () -> b.locks().tryAcquire("duty:reaper", "b", Duration.ofSeconds(5)),
                Optional::isPresent)
            .orElseThrow();

    assertThat(second.token()).isGreaterThan(first.token());
    assertThat(a.locks().renew(first, Duration.ofSeconds(5))).isFalse();
    a.locks().release(first); // a late release does not free the new holder's lock
    assertThat(a.locks().tryAcquire("duty:reaper", "a", Duration.ofSeconds(5))).isEmpty();
    assertThat(b.locks().renew(second, Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void every_live_node_is_listed_until_it_leaves_or_stops_beating() {
    Stores a = node();
    Stores b = node();
    Instant now = Instant.now();

    a.nodes()
        .heartbeat(
            new NodeInfo("node-a", "node-a/1", "h1", now, now, List.of()), Duration.ofSeconds(30));
    b.nodes()
        .heartbeat(
            new NodeInfo("node-b", "node-b/1", "h2", now, now, List.of()), Duration.ofMillis(200));
    assertThat(a.nodes().liveNodes()).extracting(NodeInfo::nodeId).contains("node-a", "node-b");

    await()
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(
            () ->
                assertThat(a.nodes().liveNodes())
                    .extracting(NodeInfo::nodeId)
                    .containsExactly("node-a"));
    a.nodes().leave("node-a");
    assertThat(b.nodes().liveNodes()).isEmpty();
  }

  @Test
  void a_queue_paused_on_one_node_is_paused_on_the_other_at_once() {
    Stores a = node();
    Stores b = node();
    List<QueueControl> heardByB = new CopyOnWriteArrayList<>();
    b.queueControls().onChange(heardByB::add);

    a.queueControls().update("crawl", QueueControlUpdate.pause(true), "alice");

    assertThat(b.queueControls().get("crawl"))
        .hasValueSatisfying(c -> assertThat(c.paused()).isTrue());
    await()
        .atMost(Duration.ofSeconds(1))
        .untilAsserted(
            () -> assertThat(heardByB).extracting(QueueControl::paused).containsExactly(true));
  }
}
