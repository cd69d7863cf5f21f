package dev.ujm.store.redismongo;

import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.store.StoreProvider;
import dev.ujm.core.store.Stores;
import dev.ujm.store.redismongo.crawl.RedisHostPoliteness;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;

/**
 * {@code UJM_STORE=redis-mongo}: jobs and keys in MongoDB ({@code UJM_MONGO_URI}, database {@code
 * UJM_MONGO_DB}), the hot queue, the event bus between nodes, the node registry, the cluster locks
 * the queue controls and the crawl politeness towards each web host in Redis ({@code
 * UJM_REDIS_URI}). Several {@code ujm serve} nodes on the same pair act as one system. Schedules
 * and workflows live in MongoDB too; stored files are not offered by this backend yet (the file
 * endpoints answer 503).
 */
public final class RedisMongoStoreProvider implements StoreProvider {
  /** How often the reconciler and the follow-up finisher run (on one node at a time). */
  static final Duration UPKEEP_INTERVAL = Duration.ofSeconds(2);

  /**
   * How long a crawl's turn at a host counts when its node dies before giving it back: longer than
   * a request takes ({@code UJM_CRAWL_REQUEST_TIMEOUT_MS}, 10 s unless set), short enough that a
   * host is not blocked for long.
   */
  static final Duration CRAWL_PERMIT_LIFETIME = Duration.ofMinutes(2);

  @Override
  public String name() {
    return "redis-mongo";
  }

  @Override
  public List<String> check(UjmConfig config) {
    return RedisMongoSettings.of(config).problems();
  }

  @Override
  public Stores open(UjmConfig config, InstantSource clock) {
    RedisMongoSettings settings = RedisMongoSettings.of(config);
    List<String> problems = settings.problems();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join(" ", problems));
    }
    RedisMongoJobStore jobs = openJobs(settings, clock);
    try {
      RedisChannels channels = jobs.channels();
      RedisClusterLock locks = new RedisClusterLock(jobs.redis(), clock);
      jobs.startUpkeep(locks, holder(), UPKEEP_INTERVAL);
      return new Stores(jobs, new MongoApiKeyStore(jobs.mongo(), channels))
          .withCluster(
              new RedisEventBus(channels),
              new RedisNodeRegistry(jobs.redis(), clock),
              locks,
              new RedisQueueControls(jobs.redis(), channels, clock))
          .withScheduling(jobs.schedules(), jobs.workflows())
          .withPoliteness(
              new RedisHostPoliteness(
                  jobs.redis().sync(), jobs.redis().key(""), CRAWL_PERMIT_LIFETIME))
          .withTenants(jobs.tenants())
          .withAccessLog(jobs.accessLog())
          .withMetrics(jobs.metrics());
    } catch (RuntimeException e) {
      jobs.close();
      throw e;
    }
  }

  private static RedisMongoJobStore openJobs(RedisMongoSettings settings, InstantSource clock) {
    try {
      return RedisMongoJobStore.open(
          settings.mongoUri(), settings.mongoDb(), settings.redisUri(), clock);
    } catch (io.lettuce.core.RedisException e) {
      throw new IllegalStateException(
          "Redis at "
              + RedisMongoSettings.redact(settings.redisUri())
              + " does not answer: "
              + e.getMessage(),
          e);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "MongoDB at "
              + RedisMongoSettings.redact(settings.mongoUri())
              + " does not answer: "
              + e.getMessage(),
          e);
    }
  }

  /** This process's name in the cluster locks: host, process id and a random part. */
  private static String holder() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    return host
        + "/"
        + ManagementFactory.getRuntimeMXBean().getPid()
        + "/"
        + UUID.randomUUID().toString().substring(0, 8);
  }
}
