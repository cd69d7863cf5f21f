package dev.ujm.store.redismongo;

import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.test.MongoFixture;
import dev.ujm.test.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A by-hand measurement of what the fair order across tenants costs this store's claim (not a test:
 * nothing is asserted), like {@code ./ujm bench claims} for the embedded store. For each number of
 * tenants holding work, in a fresh database with the same number of no-op jobs dealt round robin to
 * them:
 *
 * <ol>
 *   <li>the claim script alone: one thread pops batches from Redis ({@link RedisQueue#claim}) until
 *       the queue is empty, MongoDB untouched;
 *   <li>claims alone: one thread claims batches through the store (the script, then MongoDB's read
 *       and bulk write) until the queue is empty, nothing completes.
 * </ol>
 *
 * Run it from the test class path: {@code java -cp ... dev.ujm.store.redismongo.RedisMongoClaimCost
 * [jobs] [tenants,...] [batch] [runs]}; prints each run and the medians, in jobs per second.
 */
public final class RedisMongoClaimCost {
  private RedisMongoClaimCost() {}

  public static void main(String[] args) throws Exception {
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    List<Integer> tenants =
        args.length > 1
            ? List.of(args[1].split(",")).stream().map(Integer::valueOf).toList()
            : List.of(1, 100, 1000);
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    Map<String, List<Double>> results = new LinkedHashMap<>();
    try (RedisServer redis = RedisServer.ephemeral().start();
        MongoFixture mongo = MongoFixture.inProcess().start()) {
      measure(redis, mongo, Math.min(jobs, 2000), 10, batch, true); // warm up
      for (int run = 1; run <= runs; run++) {
        for (int count : tenants) {
          results
              .computeIfAbsent(
                  "claim script alone, " + count + " tenant(s)", k -> new ArrayList<>())
              .add(measure(redis, mongo, jobs, count, batch, true));
          results
              .computeIfAbsent("claims alone, " + count + " tenant(s)", k -> new ArrayList<>())
              .add(measure(redis, mongo, jobs, count, batch, false));
        }
        System.out.printf("run %d of %d done%n", run, runs);
      }
      System.out.printf(
          "%n%d no-op jobs, claims of %d, %s (jobs/s)%n",
          jobs, batch, mongo.isReal() ? "real MongoDB" : "mongo-java-server in process");
      results.forEach(
          (name, values) ->
              System.out.printf(
                  "%-40s median %8.0f   runs %s%n",
                  name,
                  values.stream().sorted().toList().get(values.size() / 2),
                  values.stream().map(v -> String.format("%.0f", v)).toList()));
    }
  }

  private static double measure(
      RedisServer redis, MongoFixture mongo, int jobs, int tenants, int batch, boolean scriptOnly) {
    try (RedisMongoJobStore store =
        RedisMongoJobStore.open(
            mongo.uri(), mongo.freshDatabase(), redis.uri(), Clock.systemUTC())) {
      for (int from = 0; from < jobs; from += 1000) {
        List<NewJob> page = new ArrayList<>();
        for (int i = from; i < Math.min(jobs, from + 1000); i++) {
          page.add(NewJob.ofType("noop").tenant("tenant-" + (i % tenants)).build());
        }
        store.submitAll(page);
      }
      RedisQueue queue = new RedisQueue(store.redis());
      ClaimRequest claim = ClaimRequest.of("noop", "bench/claimer", batch, Duration.ofMinutes(5));
      long deadline = System.currentTimeMillis() + 300_000;
      long start = System.nanoTime();
      int claimed = 0;
      for (int got = 1; got > 0; claimed += got) {
        got = scriptOnly ? queue.claim("noop", batch, deadline).size() : store.claim(claim).size();
      }
      double rate = jobs / ((System.nanoTime() - start) / 1e9);
      if (claimed != jobs) {
        throw new IllegalStateException("claimed " + claimed + " of " + jobs + " jobs");
      }
      return rate;
    }
  }
}
