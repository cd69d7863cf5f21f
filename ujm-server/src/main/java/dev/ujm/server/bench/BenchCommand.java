package dev.ujm.server.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ujm bench}: measures throughput and latency; see BENCHMARKS.md. */
@Command(name = "bench", description = "Measure UJM's throughput and latency (see BENCHMARKS.md).")
public final class BenchCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return 0;
  }
}
