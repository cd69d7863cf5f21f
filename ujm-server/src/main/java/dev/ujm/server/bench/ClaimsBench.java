package dev.ujm.server.bench;

import dev.ujm.core.store.ClaimRequest;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ujm bench claims}: what the fair order across tenants costs the embedded store. For each
 * number of tenants holding work, in a fresh database with the same number of no-op jobs dealt
 * round robin to them:
 *
 * <ol>
 *   <li>claims alone: one thread claims batches until the queue is empty, nothing completes;
 *   <li>drain: the {@code noop} pool claims, runs and completes every job.
 * </ol>
 *
 * Prints the median of the runs of each, in jobs per second.
 */
@Command(
    name = "claims",
    description = "Claim throughput with 1, 100 and 1,000 tenants holding work, embedded store.")
final class ClaimsBench implements Runnable {
  @Spec CommandSpec spec;

  @Option(
      names = "--jobs",
      defaultValue = "30000",
      description = "Jobs per run (default ${DEFAULT-VALUE}).")
  int jobs;

  @Option(
      names = "--tenants",
      split = ",",
      defaultValue = "1,100,1000",
      description = "Tenants holding work, one run each (default ${DEFAULT-VALUE}).")
  List<Integer> tenants;

  @Option(
      names = "--workers",
      defaultValue = "64",
      description = "Pool size of the noop queue, and jobs per claim (default ${DEFAULT-VALUE}).")
  int workers;

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
      for (int count : tenants) {
        results
            .computeIfAbsent(
                "claims alone, " + count + " tenant(s) (jobs/s)", k -> new ArrayList<>())
            .add(claimsAlone(count));
        results
            .computeIfAbsent("drain, " + count + " tenant(s) (jobs/s)", k -> new ArrayList<>())
            .add(drain(count));
      }
      out.printf("run %d of %d done%n", run, runs);
      out.flush();
    }
    out.printf(
        "%nujm bench claims --jobs %d --tenants %s --workers %d --runs %d%n",
        jobs, String.join(",", tenants.stream().map(String::valueOf).toList()), workers, runs);
    out.printf("%-44s %12s   %s%n", "measure", "median", "runs");
    results.forEach(
        (name, values) ->
            out.printf(
                "%-44s %12.0f   %s%n",
                name,
                Samples.median(values),
                values.stream().map(v -> String.format("%.0f", v)).toList()));
    out.flush();
  }

  private double claimsAlone(int tenantCount) {
    try (NoopBench bench = new NoopBench(workers, 1_000, false)) {
      bench.submitInBatches(jobs, tenantCount);
      ClaimRequest claim = ClaimRequest.of("noop", "bench/claimer", workers, Duration.ofMinutes(5));
      long start = System.nanoTime();
      int claimed = 0;
      for (int got = 1; got > 0; claimed += got) {
        got = bench.store().claim(claim).size();
      }
      if (claimed != jobs) {
        throw new IllegalStateException("claimed " + claimed + " of " + jobs + " jobs");
      }
      return jobs / ((System.nanoTime() - start) / 1e9);
    }
  }

  private double drain(int tenantCount) {
    try (NoopBench bench = new NoopBench(workers, 1_000, false)) {
      bench.submitInBatches(jobs, tenantCount);
      long start = System.nanoTime();
      bench.ujm().start();
      bench.awaitCompleted(jobs);
      return jobs / ((System.nanoTime() - start) / 1e9);
    }
  }
}
