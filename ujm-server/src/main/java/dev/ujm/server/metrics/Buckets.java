package dev.ujm.server.metrics;

import java.time.Duration;

/**
 * The histogram buckets, in one place so the dashboard's quantiles mean the same on every metric.
 * Job durations span milliseconds (a no-op) to hours (a crawl); requests and commits sit in the
 * millisecond range.
 */
public final class Buckets {
  private Buckets() {}

  /** Run time, queue wait and end-to-end latency of jobs: 5 ms to 1 hour. */
  public static final Duration[] JOB =
      seconds(
          0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800,
          3600);

  /** HTTP requests and store commits: 0.5 ms to 10 s. */
  public static final Duration[] FAST =
      seconds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10);

  /** Writes per group commit. */
  public static final double[] GROUP_SIZE = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512};

  private static Duration[] seconds(double... values) {
    Duration[] out = new Duration[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Duration.ofNanos(Math.round(values[i] * 1e9));
    }
    return out;
  }
}
