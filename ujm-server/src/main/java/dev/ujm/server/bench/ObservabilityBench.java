package dev.ujm.server.bench;

import dev.ujm.server.http.ServerMetrics;
import dev.ujm.server.trace.AttemptTracing;
import dev.ujm.server.trace.OtelWorkSpans;
import dev.ujm.server.trace.Tracing;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ujm bench observability}: what metrics and traces cost no-op jobs end to end, each run on
 * a fresh database, the two kinds alternating in one process so both see the same machine:
 *
 * <ol>
 *   <li>off: the engine watched by nothing;
 *   <li>on: the server's instrumentation (move counters and histograms, attempt run times, commit
 *       latency) and a span per attempt, batched to an exporter that drops them (the work of OTLP's
 *       batch processor without a collector to wait on).
 * </ol>
 *
 * Prints the median of each and the cost of "on" against "off".
 */
@Command(
    name = "observability",
    description = "End-to-end no-op throughput with metrics and traces on and off, alternating.")
final class ObservabilityBench implements Runnable {
  @Spec CommandSpec spec;

  @Option(
      names = "--jobs",
      defaultValue = "30000",
      description = "Jobs per run (default ${DEFAULT-VALUE}).")
  int jobs;

  @Option(
      names = "--workers",
      defaultValue = "64",
      description = "Pool size of the noop queue (default ${DEFAULT-VALUE}).")
  int workers;

  @Option(
      names = "--runs",
      defaultValue = "5",
      description = "Runs of each kind; the median is reported (default ${DEFAULT-VALUE}).")
  int runs;

  @Override
  public void run() {
    BenchCommand.quietLogs();
    PrintWriter out = spec.commandLine().getOut();
    List<Double> off = new ArrayList<>();
    List<Double> on = new ArrayList<>();
    AtomicLong exported = new AtomicLong();
    for (int run = 1; run <= runs; run++) {
      try (NoopBench bench = new NoopBench(workers, 1000, false, null)) {
        off.add(bench.endToEnd(jobs));
      }
      try (ServerMetrics metrics = new ServerMetrics();
          Tracing tracing = Tracing.batchingTo(dropping(exported));
          NoopBench bench =
              new NoopBench(
                  workers,
                  1000,
                  false,
                  metrics
                      .instrumentation()
                      .tracedWith(new AttemptTracing(tracing), new OtelWorkSpans(tracing)))) {
        on.add(bench.endToEnd(jobs));
      }
      out.printf("run %d of %d done%n", run, runs);
      out.flush();
    }
    double medianOff = Samples.median(off);
    double medianOn = Samples.median(on);
    out.printf("%nujm bench observability --jobs %d --workers %d --runs %d%n", jobs, workers, runs);
    out.printf("%-34s %10s   %s%n", "end to end (jobs/s)", "median", "runs");
    out.printf("%-34s %10.0f   %s%n", "metrics and traces off", medianOff, rounded(off));
    out.printf("%-34s %10.0f   %s%n", "metrics and traces on", medianOn, rounded(on));
    out.printf(
        "cost of on: %.1f %% of the median (%d spans exported)%n",
        100 * (medianOff - medianOn) / medianOff, exported.get());
    out.flush();
  }

  private static List<String> rounded(List<Double> values) {
    return values.stream().map(v -> String.format("%.0f", v)).toList();
  }

  /** An exporter that counts the spans and drops them. */
  private static SpanExporter dropping(AtomicLong count) {
    return new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        count.addAndGet(spans.size());
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }
    };
  }
}
