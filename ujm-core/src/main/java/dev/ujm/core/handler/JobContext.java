package dev.ujm.core.handler;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.Progress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * What a running attempt may use. One context per attempt; its methods may be called from the
 * handler's thread and from threads the handler starts. Writes are fenced by the attempt's lease:
 * after the job was cancelled or taken over, they throw {@link
 * dev.ujm.core.model.StaleLeaseException}.
 *
 * @param <P> the payload type
 */
public interface JobContext<P> {

  /** The payload, already validated. */
  P payload();

  /** The job as it was claimed. */
  Job job();

  /** The attempt number, starting at 1. */
  default int attempt() {
    return job().attempt();
  }

  /**
   * Reports progress. Cheap to call often: writes are coalesced to a few per second, and the last
   * report before the attempt ends is always stored.
   */
  void progress(Progress progress);

  /** Shorthand for {@code progress(Progress.of(current, total, message))}. */
  default void progress(long current, long total, String message) {
    progress(Progress.of(current, total, message));
  }

  /**
   * The checkpoint the previous attempt saved, mapped to {@code type}; empty on a first attempt.
   */
  <T> Optional<T> checkpoint(Class<T> type);

  /** Saves a checkpoint now. */
  void saveCheckpoint(Object state);

  /**
   * Registers what to checkpoint; the worker saves it every {@code UJM_CHECKPOINT_SECONDS} and when
   * it hands the job back at shutdown. The supplier must be thread-safe.
   */
  void checkpointWith(Supplier<?> state);

  /**
   * Appends result items (for example crawled pages), readable at {@code /api/v2/jobs/{id}/result}.
   */
  void appendResults(List<?> items);

  /** True once the job was cancelled, timed out, lost its lease or the node is shutting down. */
  boolean isCancelled();

  /**
   * Sleeps, waking early when the job is cancelled.
   *
   * @throws InterruptedException when interrupted or cancelled
   */
  void sleep(Duration duration) throws InterruptedException;

  /** A logger whose lines carry the job id in the MDC ({@code jobId}). */
  Logger log();

  /** The clock of this node. */
  InstantSource clock();
}
