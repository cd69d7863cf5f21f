package dev.ujm.server.metrics;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobUpdate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Counts the moves of jobs as the store commits them, per job type and queue, and times the two
 * spans a move closes: the queue wait (from creation, or the later run time, to the claim) and the
 * end-to-end latency (from creation to a final state). It listens on the store itself rather than
 * on the event bus because counters must not miss a move, and the bus drops events when a reader
 * falls behind; each update costs a map lookup and an increment on the committing thread.
 *
 * <p>Counters are monotonic, so rates survive purges of old jobs, unlike the store's counts per
 * state. On several nodes each counts the moves its own store client committed; sum them.
 * Thread-safe.
 */
public final class JobMoveMetrics implements Consumer<JobUpdate> {
  private final MeterRegistry registry;
  private volatile Set<String> served = Set.of();
  private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
  private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();

  public JobMoveMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * The queues this node's worker pools serve, labelled by name; jobs of any other queue (callers
   * name queues freely, and labels must stay few) are counted under {@value
   * QueueSampler#UNSERVED_QUEUE}.
   */
  public void serve(Set<String> queues) {
    this.served = Set.copyOf(queues);
  }

  @Override
  public void accept(JobUpdate update) {
    if (!update.isStateChange() || update.transition().transition() == null) {
      return;
    }
    Job job = update.job();
    JobEvent event = update.transition();
    String type = job.type();
    String queue = served.contains(job.queue()) ? job.queue() : QueueSampler.UNSERVED_QUEUE;
    switch (event.transition()) {
      case SUBMIT, SUBMIT_SCHEDULED, SUBMIT_WAITING -> count(SUBMITTED, type, queue);
      case CLAIM -> time(QUEUE_WAIT, type, queue, null, waitedSince(job), event.at());
      case COMPLETE -> {
        count(COMPLETED, type, queue);
        finished(job, type, queue, "completed");
      }
      case RETRY_LATER -> {
        count(FAILED, type, queue, "final", "false");
        count(RETRIED, type, queue, "trigger", "automatic");
      }
      case REQUEUE_EXPIRED -> {
        count(LEASES_EXPIRED, type, queue);
        count(FAILED, type, queue, "final", "false");
        count(RETRIED, type, queue, "trigger", "automatic");
      }
      case FAIL -> {
        count(FAILED, type, queue, "final", "true");
        finished(job, type, queue, "failed");
      }
      case EXPIRE -> {
        count(LEASES_EXPIRED, type, queue);
        count(FAILED, type, queue, "final", "true");
        finished(job, type, queue, "failed");
      }
      case RETRY, RETRY_WAITING -> count(RETRIED, type, queue, "trigger", "manual");
      case CANCEL, CANCEL_OWN, CANCEL_DEPENDENT, CANCEL_CONDITION -> {
        count(CANCELLED, type, queue);
        finished(job, type, queue, "cancelled");
      }
      default -> {}
    }
  }

  /**
   * When the job began to wait for this claim: its run time (a delay or a retry's backoff) if that
   * is after its creation.
   */
  private static Instant waitedSince(Job job) {
    Instant runAt = job.runAt();
    return runAt != null && runAt.isAfter(job.createdAt()) ? runAt : job.createdAt();
  }

  private void finished(Job job, String type, String queue, String outcome) {
    Instant end = job.finishedAt() != null ? job.finishedAt() : job.updatedAt();
    time(LATENCY, type, queue, outcome, job.createdAt(), end);
  }

  private void count(Meter meter, String type, String queue) {
    count(meter, type, queue, null, null);
  }

  private void count(Meter meter, String type, String queue, String key, String value) {
    List<String> id =
        key == null ? List.of(meter.name, type, queue) : List.of(meter.name, type, queue, value);
    counters.computeIfAbsent(id, k -> meter.counter(registry, type, queue, key, value)).increment();
  }

  private void time(
      Meter meter, String type, String queue, String outcome, Instant from, Instant to) {
    if (from == null || to == null || to.isBefore(from)) {
      return;
    }
    List<String> id =
        outcome == null
            ? List.of(meter.name, type, queue)
            : List.of(meter.name, type, queue, outcome);
    timers
        .computeIfAbsent(id, k -> meter.timer(registry, type, queue, outcome))
        .record(Duration.between(from, to));
  }

  /** One metric this class keeps, with its help text. */
  private record Meter(String name, String help) {
    Counter counter(MeterRegistry registry, String type, String queue, String key, String value) {
      Counter.Builder b =
          Counter.builder(name).description(help).tag("type", type).tag("queue", queue);
      return (key == null ? b : b.tag(key, value)).register(registry);
    }

    Timer timer(MeterRegistry registry, String type, String queue, String outcome) {
      Timer.Builder b =
          Timer.builder(name)
              .description(help)
              .tag("type", type)
              .tag("queue", queue)
              .serviceLevelObjectives(Buckets.JOB);
      return (outcome == null ? b : b.tag("outcome", outcome)).register(registry);
    }
  }

  private static final Meter SUBMITTED =
      new Meter("ujm.jobs.submitted", "Jobs accepted (single, batch, schedules, workflows)");
  private static final Meter COMPLETED =
      new Meter("ujm.jobs.completed", "Jobs that completed (an attempt returned a result)");
  private static final Meter FAILED =
      new Meter(
          "ujm.jobs.failed",
          "Failed attempts; final=true when the job was dead-lettered, false when it will run"
              + " again (a retry after backoff, or a lease that expired)");
  private static final Meter RETRIED =
      new Meter(
          "ujm.jobs.retried",
          "Jobs sent to run again after a failure: trigger=automatic (backoff, expired lease) or"
              + " manual (POST retry)");
  private static final Meter CANCELLED =
      new Meter(
          "ujm.jobs.cancelled",
          "Jobs cancelled (by a caller, by their handler, or with a failed dependency)");
  private static final Meter LEASES_EXPIRED =
      new Meter(
          "ujm.leases.expired",
          "Attempts whose worker stopped renewing its lease (the job was requeued or failed)");
  private static final Meter QUEUE_WAIT =
      new Meter(
          "ujm.job.queue.wait",
          "Time from a job's creation (or its later run time: delay, retry backoff) to its claim");
  private static final Meter LATENCY =
      new Meter(
          "ujm.job.latency", "End to end: from a job's creation to its final state, by outcome");
}
