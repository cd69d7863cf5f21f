package dev.ujm.server.metrics;

import dev.ujm.core.model.Job;
import dev.ujm.core.worker.AttemptObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Times this node's attempts (from the worker's start to the write of its end, by outcome) and
 * counts the writes the store refused because their lease was stale: a worker that lost its job to
 * an expired lease and kept writing. Thread-safe.
 */
public final class AttemptMetrics implements AttemptObserver {
  private final MeterRegistry registry;
  private final Map<List<String>, Timer> runTimes = new ConcurrentHashMap<>();
  private final Map<List<String>, Counter> staleWrites = new ConcurrentHashMap<>();

  public AttemptMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Scope started(Job job, Instant at) {
    String type = job.type();
    String queue = job.queue(); // attempts run only in queues this node serves: a bounded set
    return (outcome, end) -> runTime(type, queue, outcome).record(Duration.between(at, end));
  }

  @Override
  public void staleWrite(Job job) {
    String type = job.type();
    String queue = job.queue();
    staleWrites
        .computeIfAbsent(
            List.of(type, queue),
            k ->
                Counter.builder("ujm.stale.writes.rejected")
                    .description(
                        "Writes of an attempt (outcome, progress, checkpoint) refused because its"
                            + " lease was no longer current")
                    .tag("type", type)
                    .tag("queue", queue)
                    .register(registry))
        .increment();
  }

  private Timer runTime(String type, String queue, String outcome) {
    return runTimes.computeIfAbsent(
        List.of(type, queue, outcome),
        k ->
            Timer.builder("ujm.job.run")
                .description(
                    "Run time of attempts on this node, from start to the write of their end, by"
                        + " outcome")
                .tag("type", type)
                .tag("queue", queue)
                .tag("outcome", outcome)
                .serviceLevelObjectives(Buckets.JOB)
                .register(registry));
  }
}
