package dev.ujm.server.bench;

import picocli.CommandLine.Command;

/**
 * {@code ujm bench}: measures throughput and latency; the numbers go to BENCHMARKS.md with the
 * command line.
 */
@Command(
    name = "bench",
    description = "Measure UJM's throughput and latency (see BENCHMARKS.md).",
    mixinStandardHelpOptions = true,
    subcommands = {
      ThroughputBench.class,
      ClaimsBench.class,
      CompareBench.class,
      ObservabilityBench.class,
      SubmitLatencyBench.class,
      DistributedBench.class,
      PurgeBench.class,
      LiveBench.class,
      ScheduleBench.class,
      WorkflowBench.class,
      EtaBench.class,
      dev.ujm.server.bench.crawl.CrawlBenchCommand.class,
      dev.ujm.server.bench.jobs.JobsBenchCommand.class
    })
public final class BenchCommand implements Runnable {
  /** Benchmarks log only warnings unless LOG_LEVEL says otherwise: their output is the table. */
  static void quietLogs() {
    dev.ujm.server.cli.LogLevels.apply(System.getenv().getOrDefault("LOG_LEVEL", "WARN"));
  }

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        new picocli.CommandLine(this),
        "name a benchmark: throughput, compare, claims, submit, purge, live, schedules, workflows, eta, crawl or jobs");
  }
}
