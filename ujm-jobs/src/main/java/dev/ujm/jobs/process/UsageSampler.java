package dev.ujm.jobs.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Measures a process tree where no control group does: at each {@link #sample()} it adds up the CPU
 * time of each live process (keeping the last value of those that ended) and the resident memory of
 * all of them, keeping the peak. Processes shorter than a sample interval are missed, so this is an
 * estimate, reported as {@code sampling}. Not thread-safe.
 */
final class UsageSampler {
  private final ProcessHandle root;
  private final Map<Long, Duration> cpu = new HashMap<>();
  private long peak;

  UsageSampler(ProcessHandle root) {
    this.root = root;
  }

  void sample() {
    long rss = 0;
    for (ProcessHandle p :
        (Iterable<ProcessHandle>)
            () ->
                java.util.stream.Stream.concat(java.util.stream.Stream.of(root), root.descendants())
                    .iterator()) {
      p.info().totalCpuDuration().ifPresent(d -> cpu.put(p.pid(), d));
      rss += residentBytes(p.pid());
    }
    peak = Math.max(peak, rss);
  }

  double cpuSeconds() {
    return cpu.values().stream().mapToLong(Duration::toNanos).sum() / 1e9;
  }

  long peakBytes() {
    return peak;
  }

  private static long residentBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // ended meanwhile
    }
    return 0;
  }
}
