package dev.ujm.store.redismongo;

import io.lettuce.core.RedisException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis pub/sub for one process: one subscribing connection shared by every channel (job events,
 * revoked keys, queue controls), handlers per channel, and publishing through the command
 * connection. Lettuce resubscribes by itself after a reconnect. A message published while a node is
 * cut off from Redis does not reach it; every user of a channel has a second way to converge (the
 * bus's peers re-read jobs they follow, key caches expire after seconds, queue controls are read
 * again at every heartbeat). Handlers run on Lettuce's event loop and must be quick. Thread-safe.
 */
final class RedisChannels implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisChannels.class);

  private final RedisBackend redis;
  private final StatefulRedisPubSubConnection<String, String> connection;
  private final Map<String, List<Consumer<String>>> handlers = new ConcurrentHashMap<>();

  RedisChannels(RedisBackend redis) {
    this.redis = redis;
    this.connection = redis.pubSub();
    connection.addListener(
        new RedisPubSubAdapter<>() {
          @Override
          public void message(String channel, String message) {
            for (Consumer<String> handler : handlers.getOrDefault(channel, List.of())) {
              try {
                handler.accept(message);
              } catch (RuntimeException e) {
                LOG.warn("a handler of Redis channel {} failed", channel, e);
              }
            }
          }
        });
  }

  /** The full name of a channel of this deployment. */
  String channel(String name) {
    return redis.key(name);
  }

  /** Calls {@code handler} with every message on the channel from now on. */
  void subscribe(String channel, Consumer<String> handler) {
    List<Consumer<String>> list =
        handlers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>());
    boolean first = list.isEmpty();
    list.add(handler);
    if (first) {
      connection.sync().subscribe(channel);
    }
  }

  /** Publishes a message; false (logged) when Redis is down. */
  boolean publish(String channel, String message) {
    try {
      redis.sync().publish(channel, message);
      return true;
    } catch (RedisException e) {
      LOG.debug("could not publish on {}: {}", channel, e.getMessage());
      return false;
    }
  }

  @Override
  public void close() {
    connection.close();
  }
}
