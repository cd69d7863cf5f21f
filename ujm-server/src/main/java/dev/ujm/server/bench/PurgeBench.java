package dev.ujm.server.bench;

import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.duty.RetentionPurger;
import dev.ujm.core.duty.SpaceReclaimer;
import dev.ujm.core.engine.Ujm;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.store.sqlite.SqliteJobStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ujm bench purge}: how fast the retention purger deletes finished jobs, alone and while a
 * load runs, and what it does to the size of the database file. Each run:
 *
 * <ol>
 *   <li>fills a fresh database with {@code --old} completed no-op jobs, moves the store's clock a
 *       day on and completes {@code --recent} more, then closes the store and measures the file;
 *   <li>moves the clock so that only the old jobs are past the 7-day retention and runs the purger
 *       until it finds nothing more (jobs purged per second, alone); closes and measures the file
 *       again, then opens the store once more and lets it give back free space (when it can) and
 *       measures a third time;
 *   <li>on another fresh database with {@code --old} old completed jobs, starts a load of {@code
 *       --load} no-op jobs submitted in batches of 1,000 and completed by 64 workers, and runs the
 *       purger meanwhile: jobs purged per second under load, and the load's own completion rate;
 *   <li>the same load on a fresh database without purging, for comparison.
 * </ol>
 *
 * Prints the median of the runs for each measure.
 */
@Command(
    name = "purge",
    description = "Retention purge: jobs purged per second, alone and under load; file sizes.")
final class PurgeBench implements Runnable {
  private static final Duration RETENTION = Duration.ofDays(7);
  private static final int BATCH = 1_000;
  private static final int WORKERS = 64;

  @Spec CommandSpec spec;

  @Option(
      names = "--old",
      defaultValue = "100000",
      description = "Completed jobs past retention (default ${DEFAULT-VALUE}).")
  int old;

  @Option(
      names = "--recent",
      defaultValue = "200000",
      description = "Completed jobs within retention (default ${DEFAULT-VALUE}).")
  int recent;

  @Option(
      names = "--load",
      defaultValue = "100000",
      description = "Jobs of the load that runs while purging (default ${DEFAULT-VALUE}).")
  int load;

  @Option(
      names = "--runs",
      defaultValue = "3",
      description = "Runs; the median is reported (default ${DEFAULT-VALUE}).")
  int runs;

  @Override
  public void run() {
    BenchCommand.quietLogs();
    PrintWriter out = spec.commandLine().getOut();
    Map<String, List<Double>> results = new LinkedHashMap<>();
    for (int run = 1; run <= runs; run++) {
      purgeAlone(results);
      purgeUnderLoad(results);
      record(results, "load alone: completed (jobs/s)", loadAlone());
      out.printf("run %d of %d done%n", run, runs);
      out.flush();
    }
    out.printf(
        "%nujm bench purge --old %d --recent %d --load %d --runs %d%n", old, recent, load, runs);
    out.printf("%-48s %12s   %s%n", "measure", "median", "runs");
    results.forEach(
        (name, values) ->
            out.printf(
                "%-48s %12.1f   %s%n",
                name,
                Samples.median(values),
                values.stream().map(v -> String.format("%.1f", v)).toList()));
    out.flush();
  }

  private void purgeAlone(Map<String, List<Double>> results) {
    ShiftedClock clock = new ShiftedClock();
    Path dir = ScratchDirectory.create("ujm-bench-purge");
    try {
      Path file = dir.resolve("ujm.db");
      try (Bench bench = new Bench(file, clock)) {
        bench.completeJobs(old);
        clock.advance(Duration.ofDays(1));
        bench.completeJobs(recent);
      }
      record(results, "file before purge (MB)", megabytes(file));
      clock.advance(RETENTION.minus(Duration.ofHours(12)));
      try (Bench bench = new Bench(file, clock)) {
        long start = System.nanoTime();
        int purged = purgeAll(bench.store, clock);
        record(results, "purge alone (jobs/s)", purged / seconds(start));
      }
      record(results, "file after purge (MB)", megabytes(file));
      try (Bench bench = new Bench(file, clock)) {
        bench.reclaimFreeSpace();
      }
      record(results, "file after giving space back (MB)", megabytes(file));
    } finally {
      ScratchDirectory.delete(dir);
    }
  }

  private void purgeUnderLoad(Map<String, List<Double>> results) {
    ShiftedClock clock = new ShiftedClock();
    Path dir = ScratchDirectory.create("ujm-bench-purge");
    try (Bench bench = new Bench(dir.resolve("ujm.db"), clock)) {
      bench.completeJobs(old);
      clock.advance(RETENTION.plusDays(1));
      bench.expect(load);
      Thread submitter = Thread.ofPlatform().start(() -> bench.submitInBatches(load));
      long start = System.nanoTime();
      int purged = purgeAll(bench.store, clock);
      double purgeSeconds = seconds(start);
      long completedWhilePurging = bench.completed.get() - old;
      joinQuietly(submitter);
      bench.awaitCompleted();
      record(results, "purge under load (jobs/s)", purged / purgeSeconds);
      record(
          results, "load while purging: completed (jobs/s)", completedWhilePurging / purgeSeconds);
    } finally {
      ScratchDirectory.delete(dir);
    }
  }

  private double loadAlone() {
    ShiftedClock clock = new ShiftedClock();
    Path dir = ScratchDirectory.create("ujm-bench-purge");
    try (Bench bench = new Bench(dir.resolve("ujm.db"), clock)) {
      long start = System.nanoTime();
      bench.completeJobs(load);
      return load / seconds(start);
    } finally {
      ScratchDirectory.delete(dir);
    }
  }

  /** Passes of the purger, back to back, until one finds nothing: the purge rate it can reach. */
  private static int purgeAll(SqliteJobStore store, InstantSource clock) {
    RetentionPurger purger = new RetentionPurger(store, clock, RETENTION, Duration.ofSeconds(1));
    int total = 0;
    for (int n = purger.runOnce(); n > 0; n = purger.runOnce()) {
      total += n;
    }
    return total;
  }

  private static void record(Map<String, List<Double>> results, String name, double value) {
    results.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** The database file's size; called with the store closed, so the write-ahead log is merged. */
  private static double megabytes(Path file) {
    try {
      return Files.size(file) / 1e6;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The system clock moved on by hand: jobs "finish" days ago without waiting days. */
  private static final class ShiftedClock implements InstantSource {
    private volatile Duration offset = Duration.ZERO;

    void advance(Duration by) {
      offset = offset.plus(by);
    }

    @Override
    public Instant instant() {
      return InstantSource.system().instant().plus(offset);
    }
  }

  /** UJM with its workers on one database file; counts completions through the listener. */
  private static final class Bench implements AutoCloseable {
    final SqliteJobStore store;
    final Ujm ujm;
    final AtomicLong completed = new AtomicLong();
    private volatile long target;
    private volatile CountDownLatch done = new CountDownLatch(0);

    Bench(Path file, InstantSource clock) {
      store = SqliteJobStore.open(file, clock);
      store.addListener(
          update -> {
            if (update.isStateChange()
                && update.job().state() == JobState.COMPLETED
                && completed.incrementAndGet() >= target) {
              done.countDown();
            }
          });
      UjmConfig config =
          UjmConfig.from(
              Map.of(
                  "UJM_WORKERS", String.valueOf(WORKERS),
                  "UJM_RETENTION_DAYS", "0",
                  "LOG_LEVEL", "WARN"));
      ujm = Ujm.builder().store(store).clock(clock).config(config).nodeId("bench").build().start();
    }

    /** Submits {@code count} no-op jobs and waits until they are completed. */
    void completeJobs(int count) {
      expect(count);
      submitInBatches(count);
      awaitCompleted();
    }

    /** The next {@link #awaitCompleted()} waits for {@code count} more completions. */
    void expect(int count) {
      target = completed.get() + count;
      done = new CountDownLatch(1);
    }

    void submitInBatches(int count) {
      for (int from = 0; from < count; from += BATCH) {
        int size = Math.min(BATCH, count - from);
        List<NewJob> jobs = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          jobs.add(NewJob.ofType("noop").build());
        }
        ujm.jobs().submitAll(jobs);
      }
    }

    void awaitCompleted() {
      try {
        if (!done.await(10, TimeUnit.MINUTES)) {
          throw new IllegalStateException("only " + completed.get() + " jobs completed");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    /** Passes of the space reclaimer until it gives nothing more back. */
    void reclaimFreeSpace() {
      SpaceReclaimer reclaimer = new SpaceReclaimer(store, Duration.ofSeconds(1));
      while (reclaimer.runOnce() > 0) {
        // each pass gives back what is free beyond the store's reserve, in small steps
      }
    }

    @Override
    public void close() {
      ujm.close();
      store.close();
    }
  }
}
