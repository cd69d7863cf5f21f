package dev.ujm.core.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.Json;
import dev.ujm.core.model.StaleLeaseException;
import dev.ujm.core.store.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic checks the worker runs over its running attempts; each method is one pass and is
 * what the worker's ticker calls (tests call them directly after moving a manual clock):
 *
 * <ol>
 *   <li>{@link #checkTimeoutsOnce()}: an attempt past its job's timeout is stopped (cancelled +
 *       interrupted) and then failed with error type {@code timeout} when its handler returns; a
 *       handler that ignores the interrupt for {@link #IGNORED_TIMEOUT_GRACE} is failed on its
 *       behalf, so the job moves on while its thread is left to end;
 *   <li>{@link #checkpointOnce()}: each registered checkpoint supplier is read and saved when its
 *       value changed;
 *   <li>{@link #flushProgressOnce()}: pending coalesced progress reports are written once their gap
 *       has passed.
 * </ol>
 *
 * A write rejected as stale stops that attempt (its lease is lost). Thread-safe.
 */
final class AttemptWatch {
  private static final Logger LOG = LoggerFactory.getLogger(AttemptWatch.class);

  /**
   * How long a timed-out handler may ignore its interrupt before the worker fails the attempt for
   * it.
   */
  static final Duration IGNORED_TIMEOUT_GRACE = Duration.ofSeconds(10);

  private final RunningAttempts running;
  private final OutcomeWriter writer;
  private final InstantSource clock;
  private final JobStore store;
  private final Consumer<Attempt> failedOnBehalf;
  private final AttemptObserver staleWrites;

  /**
   * @param failedOnBehalf told of each timed-out attempt the watch failed for a handler that
   *     ignored its interrupt
   * @param staleWrites told of each checkpoint or progress write refused as stale
   */
  AttemptWatch(
      RunningAttempts running,
      OutcomeWriter writer,
      InstantSource clock,
      JobStore store,
      Consumer<Attempt> failedOnBehalf,
      AttemptObserver staleWrites) {
    this.running = running;
    this.writer = writer;
    this.clock = clock;
    this.store = store;
    this.failedOnBehalf = failedOnBehalf;
    this.staleWrites = staleWrites;
  }

  /** Stops attempts past their deadline; returns how many it stopped or failed in this pass. */
  int checkTimeoutsOnce() {
    Instant now = clock.instant();
    int acted = 0;
    for (Attempt attempt : running.all()) {
      if (attempt.deadline() == null || now.isBefore(attempt.deadline())) {
        continue;
      }
      if (attempt.stop(StopReason.TIMED_OUT, now)) {
        LOG.info(
            "job {} attempt {} timed out after {} s",
            attempt.jobId(),
            attempt.job().attempt(),
            attempt.job().timeoutSeconds());
        acted++;
      } else if (attempt.stopReason() == StopReason.TIMED_OUT
          && !now.isBefore(attempt.stoppedAt().plus(IGNORED_TIMEOUT_GRACE))
          && attempt.beginFinishing()) {
        LOG.warn(
            "job {} ignores its interrupt after timing out; failing the attempt for it",
            attempt.jobId());
        if (writer.writeTimeout(attempt) == OutcomeWriter.Ending.FAILED) {
          failedOnBehalf.accept(attempt);
        }
        acted++;
      }
    }
    return acted;
  }

  /** Saves every registered checkpoint whose value changed; returns how many it saved. */
  int checkpointOnce() {
    int saved = 0;
    for (Attempt attempt : running.all()) {
      if (attempt.phase() == Attempt.Phase.RUNNING && !attempt.isStopped() && save(attempt)) {
        saved++;
      }
    }
    return saved;
  }

  /**
   * Reads the attempt's checkpoint supplier and writes its value if it changed since the last save.
   *
   * @return whether it wrote
   */
  boolean save(Attempt attempt) {
    Supplier<?> supplier = attempt.checkpointSupplier();
    if (supplier == null) {
      return false;
    }
    try {
      JsonNode value = Json.mapper().valueToTree(supplier.get());
      if (value == null || value.isNull() || value.equals(attempt.lastSavedCheckpoint())) {
        return false;
      }
      store.checkpoint(attempt.lease(), value);
      attempt.checkpointSaved(value);
      return true;
    } catch (StaleLeaseException e) {
      staleWrites.staleWrite(attempt.job());
      attempt.stop(StopReason.LEASE_LOST, clock.instant());
      return false;
    } catch (RuntimeException e) {
      LOG.warn("could not save the checkpoint of job {}", attempt.jobId(), e);
      return false;
    }
  }

  /** Writes pending progress reports that are due; returns how many it wrote. */
  int flushProgressOnce() {
    int written = 0;
    for (Attempt attempt : running.all()) {
      try {
        if (attempt.phase() == Attempt.Phase.RUNNING && attempt.progress().flushDue()) {
          written++;
        }
      } catch (StaleLeaseException e) {
        staleWrites.staleWrite(attempt.job());
        attempt.stop(StopReason.LEASE_LOST, clock.instant());
      } catch (RuntimeException e) {
        LOG.warn("could not write the progress of job {}", attempt.jobId(), e);
      }
    }
    return written;
  }
}
