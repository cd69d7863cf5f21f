package dev.ujm.server.bench.crawl;

import dev.ujm.server.cli.LogLevels;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ujm bench crawl}: runs {@link CrawlBench} and prints its table. Usable as a subcommand of
 * {@code ujm bench} or on its own through {@link #main}.
 */
@Command(
    name = "crawl",
    mixinStandardHelpOptions = true,
    description =
        "Crawl pages per second and memory: one crawl, then many concurrent crawls of local hosts.")
public final class CrawlBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--sections",
      defaultValue = "40",
      description = "Sections of the single site (default ${DEFAULT-VALUE}).")
  int sections;

  @Option(
      names = "--pages-per-section",
      defaultValue = "50",
      description = "Pages per section of the single site (default ${DEFAULT-VALUE}).")
  int pagesPerSection;

  @Option(
      names = "--crawls",
      defaultValue = "100",
      description = "Concurrent crawls, one host each (default ${DEFAULT-VALUE}).")
  int crawls;

  @Option(
      names = "--concurrent-sections",
      defaultValue = "10",
      description = "Sections of each concurrent site (default ${DEFAULT-VALUE}).")
  int concurrentSections;

  @Option(
      names = "--concurrent-pages-per-section",
      defaultValue = "10",
      description = "Pages per section of each concurrent site (default ${DEFAULT-VALUE}).")
  int concurrentPagesPerSection;

  @Option(
      names = "--fetchers-per-job",
      defaultValue = "4",
      description = "UJM_CRAWL_FETCHERS_PER_JOB (default ${DEFAULT-VALUE}).")
  int fetchersPerJob;

  @Option(
      names = "--connections-per-host",
      defaultValue = "4",
      description = "UJM_CRAWL_MAX_CONNECTIONS_PER_HOST (default ${DEFAULT-VALUE}).")
  int connectionsPerHost;

  /** Runs the benchmark from a command line and exits with its code. */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    System.exit(new CommandLine(new CrawlBenchCommand()).setOut(out).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    LogLevels.apply(System.getenv().getOrDefault("LOG_LEVEL", "WARN"));
    PrintWriter out = spec.commandLine().getOut();
    CrawlBench.Options options =
        new CrawlBench.Options(
            sections,
            pagesPerSection,
            crawls,
            concurrentSections,
            concurrentPagesPerSection,
            fetchersPerJob,
            connectionsPerHost);
    out.print(new CrawlBench().run(options));
    out.flush();
    return 0;
  }
}
