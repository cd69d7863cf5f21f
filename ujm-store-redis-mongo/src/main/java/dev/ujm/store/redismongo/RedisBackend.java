package dev.ujm.store.redismongo;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Redis side of the store: one Lettuce client per process with one shared, pipelined connection
 * for commands (Lettuce connections are thread-safe) and connections of their own for pub/sub.
 * Every key starts with the namespace ({@code UJM_MONGO_DB}, so two deployments can share one
 * Redis). The keys one command or script takes together share a hash tag: a queue's carry {@code
 * {q:<queue>}} (its mirror of the tenants' weights and limits among them), the tenants' running
 * counts over every queue and the deployment's mirror {@code {tenants}}, the delayed set {@code
 * {delayed}}, a cluster lock its name, crawl keys their host; every other key is used one at a
 * time. So no command or script spans two slots, and the key layout works on Redis Cluster (a claim
 * is a script in its queue's slot, then one in {@code {tenants}} that counts it against the
 * tenant's {@code maxRunning}; see {@link LuaScripts}).
 *
 * <p>The client is a plain {@link RedisClient} on one address, though: it follows no {@code MOVED}
 * or {@code ASK} redirect and learns no cluster topology, so the URI must name one Redis (a
 * primary, with replicas behind one address, or a cluster node that serves every slot), not a Redis
 * Cluster of several primaries.
 *
 * <p>While Redis is down, commands fail at once instead of queueing ({@code REJECT_COMMANDS}), so a
 * submit never waits on Redis; the client reconnects by itself. Thread-safe.
 */
final class RedisBackend implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final ClientResources resources;
  private final RedisClient client;
  private final String namespace;
  private final StatefulRedisConnection<String, String> connection;

  private RedisBackend(ClientResources resources, RedisClient client, String namespace) {
    this.resources = resources;
    this.client = client;
    this.namespace = namespace;
    this.connection = client.connect();
  }

  /**
   * Connects.
   *
   * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached now
   */
  static RedisBackend open(String uri, String namespace) {
    RedisURI redisUri = RedisURI.create(uri);
    redisUri.setTimeout(TIMEOUT);
    // reconnect within a second of Redis coming back, not after Lettuce's default 30 s backoff
    ClientResources resources =
        DefaultClientResources.builder()
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
            .build();
    RedisClient client = RedisClient.create(resources, redisUri);
    client.setOptions(FailFastRedis.options(TIMEOUT));
    try {
      return new RedisBackend(resources, client, namespace);
    } catch (RuntimeException e) {
      client.shutdown();
      resources.shutdown();
      throw e;
    }
  }

  RedisCommands<String, String> sync() {
    return connection.sync();
  }

  /** A new connection for subscriptions; the caller closes it. */
  StatefulRedisPubSubConnection<String, String> pubSub() {
    return client.connectPubSub();
  }

  /** A key of this deployment: {@code <namespace>:<name>}. */
  String key(String name) {
    return namespace + ":" + name;
  }

  /** A key of one queue, in the queue's hash slot: {@code <namespace>:{q:<queue>}:<name>}. */
  String queueKey(String queue, String name) {
    return namespace + ":{q:" + queue + "}:" + name;
  }

  String namespace() {
    return namespace;
  }

  /** Whether Redis answers a ping now. */
  boolean ping() {
    try {
      return "PONG".equals(connection.sync().ping());
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }
}
