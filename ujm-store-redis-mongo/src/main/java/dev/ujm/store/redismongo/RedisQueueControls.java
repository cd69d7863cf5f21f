package dev.ujm.store.redismongo;

import dev.ujm.core.cluster.QueueControl;
import dev.ujm.core.cluster.QueueControlUpdate;
import dev.ujm.core.cluster.QueueControls;
import io.lettuce.core.ScriptOutputType;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What operators decided per queue (paused, pool size, autoscaling range), shared by every node: a
 * Redis hash of one JSON value per queue, changed by compare-and-set (a script that writes only
 * when the value is still the one the change was computed from), and a channel that tells every
 * node's listeners at once. A node that missed the message still reads the hash at its next
 * heartbeat. Thread-safe.
 */
final class RedisQueueControls implements QueueControls {
  private static final Logger LOG = LoggerFactory.getLogger(RedisQueueControls.class);
  private static final String COMPARE_AND_SET =
      """
      local now = redis.call('HGET', KEYS[1], ARGV[1])
      if (now == false and ARGV[2] == '') or now == ARGV[2] then
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
        return 1
      end
      return 0
      """;

  /** The message of a change: who made it, and the control after it. */
  record Changed(String origin, QueueControl control) {}

  private final RedisBackend redis;
  private final RedisChannels channels;
  private final InstantSource clock;
  private final String hash;
  private final String channel;
  private final String origin = UUID.randomUUID().toString();
  private final List<Consumer<QueueControl>> listeners = new CopyOnWriteArrayList<>();

  RedisQueueControls(RedisBackend redis, RedisChannels channels, InstantSource clock) {
    this.redis = redis;
    this.channels = channels;
    this.clock = clock;
    this.hash = redis.key("queue-controls");
    this.channel = channels.channel("queue-controls");
    channels.subscribe(channel, this::received);
  }

  @Override
  public Optional<QueueControl> get(String queue) {
    return Optional.ofNullable(redis.sync().hget(hash, queue))
        .map(json -> JobDocuments.read(json, QueueControl.class));
  }

  @Override
  public List<QueueControl> all() {
    Map<String, String> values = new TreeMap<>(redis.sync().hgetall(hash));
    List<QueueControl> out = new ArrayList<>();
    values.values().forEach(json -> out.add(JobDocuments.read(json, QueueControl.class)));
    return out;
  }

  @Override
  public QueueControl update(String queue, QueueControlUpdate update, String by) {
    while (true) {
      String before = redis.sync().hget(hash, queue);
      QueueControl now =
          before == null ? QueueControl.none(queue) : JobDocuments.read(before, QueueControl.class);
      QueueControl next = now.with(update, clock.instant(), by);
      String after = JobDocuments.write(next);
      Long set =
          redis
              .sync()
              .eval(
                  COMPARE_AND_SET,
                  ScriptOutputType.INTEGER,
                  new String[] {hash},
                  queue,
                  before == null ? "" : before,
                  after);
      if (set != null && set == 1) {
        notifyListeners(next);
        channels.publish(channel, JobDocuments.write(new Changed(origin, next)));
        return next;
      }
    }
  }

  @Override
  public void onChange(Consumer<QueueControl> listener) {
    listeners.add(listener);
  }

  private void received(String message) {
    Changed changed = JobDocuments.read(message, Changed.class);
    if (!origin.equals(changed.origin())) {
      notifyListeners(changed.control());
    }
  }

  private void notifyListeners(QueueControl control) {
    for (Consumer<QueueControl> listener : listeners) {
      try {
        listener.accept(control);
      } catch (RuntimeException e) {
        LOG.warn("a queue control listener failed on queue {}", control.queue(), e);
      }
    }
  }
}
