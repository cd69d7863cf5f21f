package dev.ujm.jobs.process;

import org.slf4j.LoggerFactory;

/**
 * Receives the usage of every process-job attempt as it ends, whatever its outcome. A node offers
 * one as a service ({@code Ujm.Builder.service(UsageMeter.class, …)}), for example to meter usage
 * per tenant; without one, each attempt's usage is logged. Implementations must be thread-safe and
 * quick, and must not throw.
 */
@FunctionalInterface
public interface UsageMeter {
  void record(AttemptUsage usage);

  /** Logs one line per attempt. */
  static UsageMeter logging() {
    var log = LoggerFactory.getLogger(UsageMeter.class);
    return u ->
        log.info(
            "process job {} attempt {} used {} CPU s and {} bytes of memory at most in {} ms ({})",
            u.jobId(),
            u.attempt(),
            u.cpuSeconds(),
            u.peakMemoryBytes(),
            u.wallMillis(),
            u.measuredBy());
  }
}
