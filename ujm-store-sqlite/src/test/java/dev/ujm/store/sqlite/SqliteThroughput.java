package dev.ujm.store.sqlite;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.ClaimRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A by-hand measurement of the store's throughput on this machine (not a test: nothing is
 * asserted). Run it from the test classpath: {@code java -cp ...
 * dev.ujm.store.sqlite.SqliteThroughput [jobs] [workers] [claimBatch]}.
 *
 * <ol>
 *   <li>warm up (submit, claim and complete a few thousand jobs, then purge them);
 *   <li>submitAll of {@code jobs} no-op jobs in one call;
 *   <li>{@code workers} threads claim (batches of {@code claimBatch}) and complete every job, each
 *       completion its own acknowledged write;
 *   <li>end to end: one thread submits in batches of 100 while the workers claim and complete.
 * </ol>
 */
public final class SqliteThroughput {
  private SqliteThroughput() {}

  public static void main(String[] args) throws Exception {
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int workers = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int claimBatch = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    Path dir = Files.createTempDirectory("ujm-throughput");
    try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("ujm.db"), Clock.systemUTC())) {
      warmUp(store, workers, claimBatch);
      List<NewJob> batch = noops(jobs);
      long start = System.nanoTime();
      store.submitAll(batch);
      report("submitAll, one call", jobs, start);

      start = System.nanoTime();
      long commitsBefore = store.writer().commits();
      long done = drain(store, workers, claimBatch, jobs, null);
      report("claim+complete, " + workers + " workers, claim batch " + claimBatch, done, start);
      System.out.printf(
          "  %d commits for %d writes%n",
          store.writer().commits() - commitsBefore, done + done / claimBatch);

      start = System.nanoTime();
      done =
          drain(
              store,
              workers,
              claimBatch,
              jobs,
              () -> {
                for (int i = 0; i < jobs; i += 100) {
                  store.submitAll(noops(Math.min(100, jobs - i)));
                }
              });
      report("end to end (submit in 100s + claim + complete)", done, start);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  /**
   * Runs every path a few thousand times first, so the numbers measure compiled code, not the JIT.
   */
  private static void warmUp(SqliteJobStore store, int workers, int claimBatch) throws Exception {
    for (int round = 0; round < 3; round++) {
      store.submitAll(noops(3_000));
      drain(store, workers, claimBatch, 3_000, null);
    }
    store.purge(java.time.Instant.now().plusSeconds(60), 100_000);
  }

  private static long drain(
      SqliteJobStore store, int workers, int claimBatch, int expected, Runnable producer)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(workers + 1);
    AtomicLong completed = new AtomicLong();
    List<Future<?>> running = new ArrayList<>();
    if (producer != null) {
      running.add(pool.submit(producer));
    }
    for (int w = 0; w < workers; w++) {
      String workerId = "worker-" + w;
      running.add(
          pool.submit(
              () -> {
                while (completed.get() < expected) {
                  List<Job> claimed =
                      store.claim(
                          ClaimRequest.of("noop", workerId, claimBatch, Duration.ofMinutes(5)));
                  if (claimed.isEmpty()) {
                    Thread.onSpinWait();
                    continue;
                  }
                  for (Job job : claimed) {
                    store.complete(job.lease(), null);
                    completed.incrementAndGet();
                  }
                }
              }));
    }
    for (Future<?> future : running) {
      future.get();
    }
    pool.shutdown();
    return completed.get();
  }

  private static List<NewJob> noops(int count) {
    List<NewJob> jobs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      jobs.add(NewJob.ofType("noop").payload(JsonNodeFactory.instance.objectNode()).build());
    }
    return jobs;
  }

  private static void report(String what, long count, long startNanos) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    System.out.printf(
        "%-60s %8d jobs in %6.2f s = %8.0f jobs/s%n", what, count, seconds, count / seconds);
  }
}
