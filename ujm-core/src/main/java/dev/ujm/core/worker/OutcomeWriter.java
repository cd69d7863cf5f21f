package dev.ujm.core.worker;

import dev.ujm.core.handler.JobOutcome;
import dev.ujm.core.model.IllegalTransitionException;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobError;
import dev.ujm.core.model.JobNotFoundException;
import dev.ujm.core.model.StaleLeaseException;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.FailRequest;
import dev.ujm.core.store.JobStore;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the end of an attempt into the one store write it calls for:
 *
 * <ul>
 *   <li>{@code Completed} → {@code complete}, or {@code completeAndClaim} when the attempt's slot
 *       asks for its next job with the completion ({@link NextClaim});
 *   <li>a thrown exception, {@code RetryLater} or a timeout → {@code fail} with a retry time from
 *       the {@link RetryPolicy} ({@code RetryLater} brings its own delay); the store dead-letters
 *       the job when its attempts are used up;
 *   <li>{@code Failed} → {@code fail} with no retry time (dead letter now);
 *   <li>cancelled or lease lost → nothing: the store already moved the job on;
 *   <li>{@code Cancelled} returned without a cancel request → {@code cancelOwn}, fenced by the
 *       lease like every other write, so an attempt that lost its lease cancels nothing.
 * </ul>
 *
 * A write rejected because the lease is no longer current ends the attempt quietly. The caller must
 * have won the right to write ({@link Attempt#beginFinishing()}). Thread-safe.
 */
final class OutcomeWriter {
  private static final Logger LOG = LoggerFactory.getLogger(OutcomeWriter.class);

  /** What the write amounted to, for the pool's counters and the attempt's observer. */
  enum Ending {
    COMPLETED,
    FAILED,
    /** The handler cancelled its own job. */
    CANCELLED,
    /** The write was refused: the lease was no longer current. */
    LEASE_LOST,
    NOTHING
  }

  private final JobStore store;
  private final InstantSource clock;
  private final RetryPolicy retryPolicy;
  private final AttemptObserver observer;

  OutcomeWriter(
      JobStore store, InstantSource clock, RetryPolicy retryPolicy, AttemptObserver observer) {
    this.store = store;
    this.clock = clock;
    this.retryPolicy = retryPolicy;
    this.observer = observer;
  }

  /**
   * The claim a completion makes for its slot, and where the jobs it claimed go.
   *
   * @param request the claim, as the pool would make it for one slot
   * @param claimed told the jobs claimed; not told when the completion was refused or not written
   */
  record NextClaim(ClaimRequest request, Consumer<List<Job>> claimed) {}

  /**
   * Records how the handler ended.
   *
   * @param outcome what the handler returned, or null when it threw
   * @param thrown what the handler threw, or null
   */
  Ending write(Attempt attempt, JobOutcome outcome, Throwable thrown) {
    return write(attempt, outcome, thrown, null);
  }

  /**
   * Records how the handler ended; a completion also claims {@code next} in the same write (null:
   * claims nothing).
   */
  Ending write(Attempt attempt, JobOutcome outcome, Throwable thrown, NextClaim next) {
    return guarded(attempt, () -> record(attempt, outcome, thrown, next));
  }

  /**
   * Fails a timed-out attempt whose handler has not returned, with error type {@code timeout},
   * retried per the policy. The caller must have won the right to write.
   */
  Ending writeTimeout(Attempt attempt) {
    return guarded(attempt, () -> failForTimeout(attempt));
  }

  private Ending record(Attempt attempt, JobOutcome outcome, Throwable thrown, NextClaim next) {
    StopReason stop = attempt.stopReason();
    if (stop == StopReason.TIMED_OUT) {
      return failForTimeout(attempt);
    }
    if (stop != null) {
      LOG.info(
          "job {} attempt {} stopped ({}); nothing to record",
          attempt.jobId(),
          attempt.job().attempt(),
          stop);
      return Ending.NOTHING;
    }
    if (thrown != null) {
      LOG.warn("job {} attempt {} failed", attempt.jobId(), attempt.job().attempt(), thrown);
      return failWithRetry(attempt, errorType(thrown), messageOf(thrown), null);
    }
    return switch (outcome) {
      case null -> failWithRetry(attempt, "no-outcome", "the handler returned no outcome", null);
      case JobOutcome.Completed completed -> {
        if (next == null) {
          store.complete(attempt.lease(), completed.result());
        } else {
          next.claimed()
              .accept(
                  store
                      .completeAndClaim(attempt.lease(), completed.result(), next.request())
                      .claimed());
        }
        yield Ending.COMPLETED;
      }
      case JobOutcome.RetryLater later ->
          failWithRetry(
              attempt, "retry-later", later.reason(), clock.instant().plus(later.delay()));
      case JobOutcome.Failed failed -> {
        store.fail(
            new FailRequest(
                attempt.lease(), error(attempt, failed.type(), failed.message()), null));
        yield Ending.FAILED;
      }
      case JobOutcome.Cancelled ignored -> {
        store.cancelOwn(attempt.lease(), null);
        yield Ending.CANCELLED;
      }
    };
  }

  private Ending guarded(Attempt attempt, Supplier<Ending> write) {
    try {
      attempt.progress().flushNow();
      return write.get();
    } catch (StaleLeaseException | IllegalTransitionException | JobNotFoundException e) {
      boolean stale = e instanceof StaleLeaseException;
      if (stale) {
        observer.staleWrite(attempt.job());
      }
      LOG.info(
          "job {} attempt {} ended without a record: {}",
          attempt.jobId(),
          attempt.job().attempt(),
          e.getMessage());
      return stale ? Ending.LEASE_LOST : Ending.NOTHING;
    } catch (RuntimeException e) {
      LOG.warn(
          "could not record the end of job {}; its lease will expire and it will run again",
          attempt.jobId(),
          e);
      return Ending.NOTHING;
    } finally {
      attempt.markDone();
    }
  }

  private Ending failForTimeout(Attempt attempt) {
    String message = "attempt ran longer than " + attempt.job().timeoutSeconds() + " s";
    return failWithRetry(attempt, "timeout", message, null);
  }

  private Ending failWithRetry(Attempt attempt, String type, String message, Instant retryAt) {
    Instant now = clock.instant();
    Instant at = retryAt != null ? retryAt : retryPolicy.retryAt(attempt.job(), now);
    store.fail(new FailRequest(attempt.lease(), error(attempt, type, message), at));
    return Ending.FAILED;
  }

  private JobError error(Attempt attempt, String type, String message) {
    return new JobError(
        type == null ? "failed" : type, message, attempt.job().attempt(), clock.instant());
  }

  private static String errorType(Throwable thrown) {
    String simple = thrown.getClass().getSimpleName();
    return simple.isEmpty()
        ? thrown.getClass().getName()
        : simple; // anonymous classes have no simple name
  }

  private static String messageOf(Throwable thrown) {
    return thrown.getMessage() == null ? thrown.getClass().getName() : thrown.getMessage();
  }
}
