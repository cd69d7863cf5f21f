package dev.ujm.store.redismongo;

import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.engine.Ujm;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.test.MongoFixture;
import dev.ujm.test.RedisServer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A by-hand measurement of end-to-end no-op throughput on this store (not a test: nothing is
 * asserted): a real {@code redis-server} and MongoDB (the in-process {@code mongo-java-server}, or
 * the real one {@code UJM_TEST_MONGO_URI} names), one UJM engine with its workers running while one
 * thread submits in batches, from the first submit to the last completion. Run it from the test
 * class path: {@code java -cp ... dev.ujm.store.redismongo.RedisMongoThroughput [jobs] [batch]
 * [workers] [runs]}; prints each run and the median.
 */
public final class RedisMongoThroughput {
  private RedisMongoThroughput() {}

  public static void main(String[] args) throws Exception {
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int workers = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    try (RedisServer redis = RedisServer.ephemeral().start();
        MongoFixture mongo = MongoFixture.inProcess().start()) {
      List<Double> rates = new ArrayList<>();
      endToEnd(redis, mongo, Math.min(jobs, 2000), batch, workers); // warm up
      for (int run = 1; run <= runs; run++) {
        double rate = endToEnd(redis, mongo, jobs, batch, workers);
        rates.add(rate);
        System.out.printf("run %d: %.0f jobs/s end to end%n", run, rate);
      }
      List<Double> sorted = rates.stream().sorted().toList();
      System.out.printf(
          "end to end, %d no-op jobs, batches of %d, %d workers, %s: median %.0f jobs/s%n",
          jobs,
          batch,
          workers,
          mongo.isReal() ? "real MongoDB" : "mongo-java-server in process",
          sorted.get(sorted.size() / 2));
    }
  }

  private static double endToEnd(
      RedisServer redis, MongoFixture mongo, int jobs, int batch, int workers)
      throws InterruptedException {
    AtomicLong completed = new AtomicLong();
    CountDownLatch done = new CountDownLatch(1);
    try (RedisMongoJobStore store =
        RedisMongoJobStore.open(
            mongo.uri(), mongo.freshDatabase(), redis.uri(), Clock.systemUTC())) {
      store.addListener(
          update -> {
            if (update.isStateChange()
                && update.job().state() == JobState.COMPLETED
                && completed.incrementAndGet() == jobs) {
              done.countDown();
            }
          });
      if (Boolean.getBoolean("bench.upkeep")) {
        store.startUpkeep(
            new dev.ujm.core.cluster.LocalClusterLock(Clock.systemUTC()),
            "bench",
            java.time.Duration.ofSeconds(2));
      }
      UjmConfig config =
          UjmConfig.from(Map.of("UJM_WORKERS", String.valueOf(workers), "LOG_LEVEL", "WARN"));
      try (Ujm ujm =
          Ujm.builder().store(store).config(config).nodeId("bench").diagnosticTypes(true).build()) {
        ujm.start();
        long start = System.nanoTime();
        for (int from = 0; from < jobs; from += batch) {
          List<NewJob> page = new ArrayList<>();
          for (int i = from; i < Math.min(jobs, from + batch); i++) {
            page.add(NewJob.ofType("noop").build());
          }
          ujm.jobs().submitAll(page);
        }
        if (!done.await(Integer.getInteger("bench.timeoutSeconds", 600), TimeUnit.SECONDS)) {
          throw new IllegalStateException(
              completed.get()
                  + " of "
                  + jobs
                  + " completed; the store holds "
                  + store.stats().totals());
        }
        return jobs / ((System.nanoTime() - start) / 1e9);
      }
    }
  }
}
