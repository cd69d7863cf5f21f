package dev.ujm.server.bench;

import dev.ujm.core.model.NewJob;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ujm bench throughput}: no-op jobs through the embedded store, in process, each run in a
 * fresh database.
 *
 * <ol>
 *   <li>batch submit: {@code submitAll} in batches, workers stopped;
 *   <li>drain: workers started on the queued jobs, until every one is completed;
 *   <li>single submit: one job per call from many concurrent submitters (group commit at work);
 *   <li>end to end: submitting in batches while the workers run, from the first submit to the last
 *       completion;
 *   <li>claim to complete: one worker draining a queue, so each job's claim, run and completion
 *       follow each other.
 * </ol>
 *
 * Prints the median of the runs for each.
 */
@Command(
    name = "throughput",
    description = "No-op jobs per second through the embedded store, in process.")
final class ThroughputBench implements Runnable {
  @Spec CommandSpec spec;

  @Option(
      names = "--jobs",
      defaultValue = "50000",
      description = "Jobs per phase (default ${DEFAULT-VALUE}).")
  int jobs;

  @Option(
      names = "--batch",
      defaultValue = "1000",
      description = "Jobs per batch submit (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--workers",
      defaultValue = "64",
      description = "Pool size of the noop queue (default ${DEFAULT-VALUE}).")
  int workers;

  @Option(
      names = "--submitters",
      defaultValue = "64",
      description = "Concurrent single submitters (default ${DEFAULT-VALUE}).")
  int submitters;

  @Option(
      names = "--runs",
      defaultValue = "3",
      description = "Runs; the median is reported (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--stuck-subscriber",
      description =
          "Subscribe one listener to the event bus that never returns, to show it costs the"
              + " store nothing.")
  boolean stuckSubscriber;

  @Override
  public void run() {
    BenchCommand.quietLogs();
    PrintWriter out = spec.commandLine().getOut();
    Map<String, List<Double>> results = new LinkedHashMap<>();
    for (int run = 1; run <= runs; run++) {
      record("batch submit (jobs/s)", results, batchSubmitThenDrain(results));
      record("single submit (jobs/s)", results, singleSubmits());
      record("end to end (jobs/s)", results, endToEnd());
      record("claim to complete, 1 worker (us/job)", results, claimToComplete());
      out.printf("run %d of %d done%n", run, runs);
      out.flush();
    }
    out.printf(
        "%nujm bench throughput --jobs %d --batch %d --workers %d --submitters %d --runs %d%s%n",
        jobs, batch, workers, submitters, runs, stuckSubscriber ? " --stuck-subscriber" : "");
    out.printf("%-40s %12s   %s%n", "measure", "median", "runs");
    results.forEach(
        (name, values) ->
            out.printf(
                "%-40s %12.0f   %s%n",
                name,
                Samples.median(values),
                values.stream().map(v -> String.format("%.0f", v)).toList()));
    out.flush();
  }

  private static void record(String name, Map<String, List<Double>> results, double value) {
    results.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
  }

  /** Phase 1 and 2; records the drain itself and returns the submit rate. */
  private double batchSubmitThenDrain(Map<String, List<Double>> results) {
    try (NoopRun bench = newBench(workers)) {
      long start = System.nanoTime();
      bench.submitInBatches(jobs);
      double submitRate = rate(jobs, start);
      long drainStart = System.nanoTime();
      bench.ujm.start();
      bench.awaitCompleted(jobs);
      record("drain: claim + run + complete (jobs/s)", results, rate(jobs, drainStart));
      return submitRate;
    }
  }

  private double singleSubmits() {
    int count = Math.max(submitters, jobs / 5);
    try (NoopRun bench = newBench(workers);
        var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      AtomicLong next = new AtomicLong();
      long start = System.nanoTime();
      for (int s = 0; s < submitters; s++) {
        executor.submit(
            () -> {
              while (next.getAndIncrement() < count) {
                bench.ujm.submit(NewJob.ofType("noop").build());
              }
            });
      }
      executor.shutdown();
      awaitTermination(executor);
      return rate(count, start);
    }
  }

  private double endToEnd() {
    try (NoopRun bench = newBench(workers)) {
      return bench.endToEnd(jobs);
    }
  }

  private double claimToComplete() {
    int count = Math.max(100, jobs / 20);
    try (NoopRun bench = newBench(1)) {
      bench.submitInBatches(count);
      long start = System.nanoTime();
      bench.ujm.start();
      bench.awaitCompleted(count);
      return (System.nanoTime() - start) / 1_000.0 / count;
    }
  }

  private static double rate(int count, long startNanos) {
    return count / ((System.nanoTime() - startNanos) / 1e9);
  }

  private static void awaitTermination(java.util.concurrent.ExecutorService executor) {
    try {
      if (!executor.awaitTermination(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException("submitters did not finish in 10 minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private NoopRun newBench(int poolSize) {
    return new NoopRun(poolSize, batch, stuckSubscriber, null);
  }
}
