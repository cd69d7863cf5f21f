package dev.ujm.server.bench.jobs;

import dev.ujm.server.cli.LogLevels;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ujm bench jobs}: e-mails per second to GreenMail, file-process MB/s for checksum and
 * CSV→JSON, and the start overhead (p50/p99) of an isolated process job against an unisolated one.
 * Each measurement runs {@code --runs} times on a fresh store; the medians are printed.
 */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    description = "Job types: e-mails/s, file-process MB/s, process-job start overhead.")
public final class JobsBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--emails",
      defaultValue = "2000",
      description = "Messages per run (default ${DEFAULT-VALUE}).")
  int emails;

  @Option(
      names = "--email-workers",
      defaultValue = "16",
      description = "Pool size of the email queue (default ${DEFAULT-VALUE}).")
  int emailWorkers;

  @Option(
      names = "--file-mb",
      defaultValue = "64",
      description = "Size of the CSV file in MB (default ${DEFAULT-VALUE}).")
  int fileMb;

  @Option(
      names = "--process-jobs",
      defaultValue = "200",
      description = "Process jobs per run and kind (default ${DEFAULT-VALUE}).")
  int processJobs;

  @Option(
      names = "--runs",
      defaultValue = "3",
      description = "Runs; the median is reported (default ${DEFAULT-VALUE}).")
  int runs;

  @Override
  public Integer call() {
    LogLevels.apply(System.getenv().getOrDefault("LOG_LEVEL", "WARN"));
    PrintWriter out = spec.commandLine().getOut();
    out.println("| measure | median | runs |");
    out.println("|---|---|---|");
    row(
        out,
        "e-mails to GreenMail (" + emails + " per run, " + emailWorkers + " workers), e-mails/s",
        repeat(() -> JobTypeBench.emails(emails, emailWorkers)),
        "%.0f");
    row(
        out,
        "file-process checksum of " + fileMb + " MB CSV, MB/s",
        repeat(() -> JobTypeBench.fileProcess("checksum", fileMb)),
        "%.1f");
    row(
        out,
        "file-process csv-to-json of " + fileMb + " MB CSV, MB/s",
        repeat(() -> JobTypeBench.fileProcess("csv-to-json", fileMb)),
        "%.1f");
    List<Double> isoP50 = new ArrayList<>();
    List<Double> isoP99 = new ArrayList<>();
    List<Double> rawP50 = new ArrayList<>();
    List<Double> rawP99 = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long[] isolated = JobTypeBench.processStarts(processJobs, true);
      long[] unisolated = JobTypeBench.processStarts(processJobs, false);
      isoP50.add(JobTypeBench.percentile(isolated, 50));
      isoP99.add(JobTypeBench.percentile(isolated, 99));
      rawP50.add(JobTypeBench.percentile(unisolated, 50));
      rawP99.add(JobTypeBench.percentile(unisolated, 99));
    }
    row(out, "process job claim to completion, bubblewrap + limits, p50 ms", isoP50, "%.0f");
    row(out, "process job claim to completion, bubblewrap + limits, p99 ms", isoP99, "%.0f");
    row(out, "process job claim to completion, unisolated + limits, p50 ms", rawP50, "%.0f");
    row(out, "process job claim to completion, unisolated + limits, p99 ms", rawP99, "%.0f");
    out.flush();
    return 0;
  }

  private List<Double> repeat(java.util.function.DoubleSupplier measure) {
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      values.add(measure.getAsDouble());
    }
    return values;
  }

  private static void row(PrintWriter out, String measure, List<Double> values, String format) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double median =
        sorted.length % 2 == 1
            ? sorted[sorted.length / 2]
            : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    List<String> each = values.stream().map(v -> String.format(Locale.ROOT, format, v)).toList();
    out.println(
        "| "
            + measure
            + " | **"
            + String.format(Locale.ROOT, format, median)
            + "** | "
            + String.join(" · ", each)
            + " |");
    out.flush();
  }
}
