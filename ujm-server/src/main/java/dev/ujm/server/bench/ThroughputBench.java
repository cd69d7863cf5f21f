package dev.ujm.server.bench;

import dev.ujm.core.model.NewJob;
import java.io.PrintWriter;
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
    Medians results = new Medians();
    for (int run = 1; run <= runs; run++) {
      results.add("batch submit (jobs/s)", batchSubmitThenDrain(results));
      results.add("single submit (jobs/s)", singleSubmits());
      results.add("end to end (jobs/s)", endToEnd());
      results.add("claim to complete, 1 worker (us/job)", claimToComplete());
      out.printf("run %d of %d done%n", run, runs);
      out.flush();
    }
    results.print(
        out,
        String.format(
            "ujm bench throughput --jobs %d --batch %d --workers %d --submitters %d --runs %d%s",
            jobs, batch, workers, submitters, runs, stuckSubscriber ? " --stuck-subscriber" : ""));
  }

  /** Phase 1 and 2; records the drain itself and returns the submit rate. */
  private double batchSubmitThenDrain(Medians results) {
    try (NoopBench bench = newBench(workers)) {
      long start = System.nanoTime();
      bench.submitInBatches(jobs, 1);
      double submitRate = rate(jobs, start);
      long drainStart = System.nanoTime();
      bench.ujm().start();
      bench.awaitCompleted(jobs);
      results.add("drain: claim + run + complete (jobs/s)", rate(jobs, drainStart));
      return submitRate;
    }
  }

  private double singleSubmits() {
    int count = Math.max(submitters, jobs / 5);
    try (NoopBench bench = newBench(workers);
        var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      AtomicLong next = new AtomicLong();
      long start = System.nanoTime();
      for (int s = 0; s < submitters; s++) {
        executor.submit(
            () -> {
              while (next.getAndIncrement() < count) {
                bench.ujm().submit(NewJob.ofType("noop").build());
              }
            });
      }
      executor.shutdown();
      awaitTermination(executor);
      return rate(count, start);
    }
  }

  private double endToEnd() {
    try (NoopBench bench = newBench(workers)) {
      return bench.endToEnd(jobs);
    }
  }

  private double claimToComplete() {
    int count = Math.max(100, jobs / 20);
    try (NoopBench bench = newBench(1)) {
      bench.submitInBatches(count, 1);
      long start = System.nanoTime();
      bench.ujm().start();
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

  private NoopBench newBench(int poolSize) {
    return new NoopBench(poolSize, batch, stuckSubscriber);
  }
}
