package dev.ujm.store.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.Lease;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.ClaimRequest;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A by-hand measurement (not a test: nothing is asserted) of what the one writer thread spends per
 * job: its CPU time, which a machine shared with other work changes far less than a rate. Run it
 * against a built jar with the source launcher: {@code java -cp ujm.jar
 * ujm-store-sqlite/src/test/java/dev/ujm/store/sqlite/WriterCpuPerJob.java [tenants] [drain]
 * [submit]}.
 *
 * <ol>
 *   <li>warm up on 5,000 jobs;
 *   <li>submit 30,000 no-op jobs, dealt round robin to {@code tenants}, either {@code batch}: in
 *       batches of 1,000, or {@code single}: one job per submit from 32 threads at once, the shape
 *       of single HTTP submits from 32 connections, which the writer commits in small groups;
 *   <li>drain them with 64 threads, either {@code batch}: claims of 64, each job then completed by
 *       its own thread, or {@code chained}: each thread completes its job and claims its next in
 *       the same write ({@code completeAndClaim}, called by reflection so that the file runs on
 *       builds from before it, in the {@code batch} drain);
 *   <li>print the writer's CPU time per job of each phase, and the rate; then delete its database.
 * </ol>
 */
public final class WriterCpuPerJob {
  private static final int JOBS = 30_000;
  private static final Duration LEASE = Duration.ofMinutes(5);

  private WriterCpuPerJob() {}

  public static void main(String[] args) throws Exception {
    int tenants = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    boolean chained = args.length > 1 && args[1].equals("chained");
    boolean single = args.length > 2 && args[2].equals("single");
    Path dir = Files.createTempDirectory("ujm-writer-cpu");
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("ujm.db"), Clock.systemUTC())) {
      long writer =
          Arrays.stream(threads.dumpAllThreads(false, false))
              .filter(t -> t.getThreadName().equals("ujm-sqlite-writer"))
              .mapToLong(ThreadInfo::getThreadId)
              .findFirst()
              .orElseThrow();
      for (int i = 0; i < 5; i++) {
        store.submitAll(batch(tenants, "warm-up"));
      }
      drain(store, "warm-up", chained);
      long cpu0 = threads.getThreadCpuTime(writer);
      long t0 = System.nanoTime();
      if (single) {
        submitOneByOne(store, tenants);
      } else {
        for (int i = 0; i < JOBS / 1_000; i++) {
          store.submitAll(batch(tenants, "noop"));
        }
      }
      long cpu1 = threads.getThreadCpuTime(writer);
      long t1 = System.nanoTime();
      drain(store, "noop", chained);
      long cpu2 = threads.getThreadCpuTime(writer);
      long t2 = System.nanoTime();
      System.out.printf(
          "tenants %d, %s submits, %s drain: submit %.1f µs of writer CPU per job (%.0f jobs/s),"
              + " claim + complete %.1f µs per job (%.0f jobs/s)%n",
          tenants,
          single ? "single" : "batch",
          chained ? "chained" : "batch",
          (cpu1 - cpu0) / 1e3 / JOBS,
          JOBS / ((t1 - t0) / 1e9),
          (cpu2 - cpu1) / 1e3 / JOBS,
          JOBS / ((t2 - t1) / 1e9));
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  private static List<NewJob> batch(int tenants, String queue) {
    List<NewJob> jobs = new ArrayList<>(1_000);
    for (int i = 0; i < 1_000; i++) {
      jobs.add(job(tenants, queue, i));
    }
    return jobs;
  }

  /** The i-th no-op job of a run, its tenant dealt round robin. */
  private static NewJob job(int tenants, String queue, int i) {
    return NewJob.ofType("noop").queue(queue).tenant("t" + (i % tenants)).build();
  }

  /** Waits for every task, rethrowing the first failure. */
  private static void awaitAll(List<Future<?>> tasks) throws Exception {
    for (Future<?> task : tasks) {
      task.get();
    }
  }

  /** Submits {@link #JOBS} jobs one per submit from 32 threads. */
  private static void submitOneByOne(SqliteJobStore store, int tenants) throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService submitters = Executors.newFixedThreadPool(32);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < 32; t++) {
        running.add(
            submitters.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < JOBS; i = next.getAndIncrement()) {
                    store.submit(job(tenants, "noop", i));
                  }
                  return null;
                }));
      }
      awaitAll(running);
    } finally {
      submitters.shutdown();
    }
  }

  private static void drain(SqliteJobStore store, String queue, boolean chained) throws Exception {
    ExecutorService workers = Executors.newFixedThreadPool(64);
    try {
      if (chained) {
        Method completeAndClaim =
            store
                .getClass()
                .getMethod("completeAndClaim", Lease.class, JsonNode.class, ClaimRequest.class);
        List<Future<?>> running = new ArrayList<>();
        for (Job first : store.claim(ClaimRequest.of(queue, "w", 64, LEASE))) {
          running.add(workers.submit(() -> chain(store, completeAndClaim, first, queue)));
        }
        awaitAll(running);
        return;
      }
      while (true) {
        List<Job> claimed = store.claim(ClaimRequest.of(queue, "w", 64, LEASE));
        if (claimed.isEmpty()) {
          return;
        }
        List<Future<?>> completions = new ArrayList<>();
        for (Job job : claimed) {
          completions.add(workers.submit(() -> store.complete(job.lease(), null)));
        }
        awaitAll(completions);
      }
    } finally {
      workers.shutdown();
    }
  }

  /** Completes a job and claims the next in the same write, until the queue is empty. */
  private static Void chain(SqliteJobStore store, Method completeAndClaim, Job first, String queue)
      throws Exception {
    for (Job job = first; job != null; ) {
      Object done =
          completeAndClaim.invoke(store, job.lease(), null, ClaimRequest.of(queue, "w", 1, LEASE));
      List<?> next = (List<?>) done.getClass().getMethod("claimed").invoke(done);
      job = next.isEmpty() ? null : (Job) next.get(0);
    }
    return null;
  }
}
