package dev.ujm.core.worker;

import dev.ujm.core.handler.InvalidPayloadException;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.core.handler.JobTypeRegistry;
import dev.ujm.core.model.Job;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.JobStore;
import java.time.InstantSource;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one attempt on the calling (virtual) thread:
 *
 * <ol>
 *   <li>puts {@code jobId}, {@code jobType} and {@code attempt} in the thread's MDC, so every line
 *       any logger writes during the attempt names the job;
 *   <li>finds the job's type and maps its payload (an unknown type or a payload that no longer maps
 *       fails the attempt);
 *   <li>calls the handler with an {@link AttemptContext}; once it has returned, frees its pool slot
 *       (the outcome write that follows is the store's work, not the handler's), unless it
 *       completed and the slot asks for its next job with the completion ({@link PoolSlot});
 *   <li>if it still may ({@link Attempt#beginFinishing()}), records the outcome through the {@link
 *       OutcomeWriter}, with the slot's claim when it kept the slot;
 *   <li>tells the {@link AttemptObserver} how the attempt ended (it was told of the start before
 *       the handler ran, on this same thread) and restores the MDC.
 * </ol>
 *
 * Thread-safe; holds no state of its own.
 */
final class AttemptRunner {
  private static final Logger LOG = LoggerFactory.getLogger(AttemptRunner.class);

  /** Loggers handed to handlers are named {@code dev.ujm.job.<type>}. */
  static final String JOB_LOGGER_PREFIX = "dev.ujm.job.";

  private final JobTypeRegistry types;
  private final JobStore store;
  private final InstantSource clock;
  private final OutcomeWriter writer;
  private final AttemptObserver observer;

  AttemptRunner(
      JobTypeRegistry types,
      JobStore store,
      InstantSource clock,
      OutcomeWriter writer,
      AttemptObserver observer) {
    this.types = types;
    this.store = store;
    this.clock = clock;
    this.writer = writer;
    this.observer = observer;
  }

  /** Runs the attempt to its end and returns what was recorded. Never throws. */
  OutcomeWriter.Ending run(Attempt attempt) {
    return run(attempt, PoolSlot.NONE);
  }

  /**
   * Runs the attempt to its end and returns what was recorded; the slot is freed once the handler
   * has returned or thrown, before the outcome is written, or handed the jobs a completion claimed
   * for it (the caller frees it when none came). Never throws.
   */
  OutcomeWriter.Ending run(Attempt attempt, PoolSlot slot) {
    Job job = attempt.job();
    Map<String, String> mdc =
        Map.of("jobId", job.id(), "jobType", job.type(), "attempt", String.valueOf(job.attempt()));
    mdc.forEach(MDC::put);
    attempt.attachThread(Thread.currentThread());
    AttemptObserver.Scope observed = observer.started(job, attempt.startedAt());
    OutcomeWriter.Ending ending = OutcomeWriter.Ending.NOTHING;
    try {
      JobOutcome outcome = null;
      Throwable thrown = null;
      try {
        outcome = attempt.isStopped() ? JobOutcome.cancelled() : runHandler(attempt, mdc);
      } catch (
          Throwable
              t) { // a handler's failure of any kind is an attempt's failure, never the worker's
        thrown = t;
      }
      ClaimRequest next =
          thrown == null && outcome instanceof JobOutcome.Completed && !attempt.isStopped()
              ? slot.claimWithCompletion()
              : null;
      if (next == null) {
        slot.free();
      }
      if (!attempt.beginFinishing()) {
        LOG.debug("job {} was handed back or timed out meanwhile; dropping its outcome", job.id());
        return OutcomeWriter.Ending.NOTHING;
      }
      ending =
          writer.write(
              attempt,
              outcome,
              thrown,
              next == null ? null : new OutcomeWriter.NextClaim(next, slot::claimed));
      return ending;
    } finally {
      observed.ended(outcomeName(ending, attempt.stopReason()), clock.instant());
      mdc.keySet().forEach(MDC::remove);
    }
  }

  /** How an observer names the end of an attempt ({@link AttemptObserver.Scope#ended}). */
  static String outcomeName(OutcomeWriter.Ending ending, StopReason stop) {
    return switch (ending) {
      case COMPLETED -> "completed";
      case FAILED -> "failed";
      case CANCELLED -> "cancelled";
      case LEASE_LOST -> "lease-lost";
      case NOTHING ->
          stop == null
              ? "unrecorded"
              : switch (stop) {
                case CANCELLED -> "cancelled";
                case TIMED_OUT -> "timed-out";
                case LEASE_LOST -> "lease-lost";
                case SHUTDOWN -> "shutdown";
              };
    };
  }

  private JobOutcome runHandler(Attempt attempt, Map<String, String> mdc) throws Exception {
    Job job = attempt.job();
    JobDefinition<?> definition = types.find(job.type()).orElse(null);
    if (definition == null) {
      throw new UnknownJobTypeException(job.type());
    }
    return runTyped(definition, attempt, mdc);
  }

  private <P> JobOutcome runTyped(
      JobDefinition<P> definition, Attempt attempt, Map<String, String> mdc) throws Exception {
    P payload;
    try {
      payload = JobTypeRegistry.mapPayload(definition, attempt.job().payload());
    } catch (InvalidPayloadException e) {
      String field = e.field() == null ? "payload" : "payload." + e.field();
      return JobOutcome.failed("invalid-payload", field + ": " + e.getMessage());
    }
    Logger log =
        MdcLogger.wrap(LoggerFactory.getLogger(JOB_LOGGER_PREFIX + definition.type()), mdc);
    return definition
        .handler()
        .run(new AttemptContext<>(attempt, payload, store, clock, log, observer));
  }

  /** The job's type is not registered on this node; retried, since another node may know it. */
  static final class UnknownJobTypeException extends Exception {
    UnknownJobTypeException(String type) {
      super("job type '" + type + "' is not registered on this node");
    }
  }
}
