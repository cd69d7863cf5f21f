package dev.ujm.core.worker;

import dev.ujm.core.model.IllegalTransitionException;
import dev.ujm.core.model.JobNotFoundException;
import dev.ujm.core.model.StaleLeaseException;
import dev.ujm.core.store.JobStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands running jobs back to their queue when the node shuts down and the grace period is over:
 *
 * <ol>
 *   <li>takes the right to write each attempt's end (attempts already writing their own end are
 *       left to finish);
 *   <li>stops them as shutting down: {@code isCancelled()} turns true and their threads are
 *       interrupted;
 *   <li>waits up to {@link #THREAD_WAIT} for their threads to return, so a handler can update what
 *       its checkpoint supplier reports;
 *   <li>saves each registered checkpoint and releases the job to {@code queued} without counting
 *       the attempt;
 *   <li>logs the handlers that ignore interruption; their threads are left to end on their own, and
 *       whatever they write later is rejected as stale.
 * </ol>
 *
 * Thread-safe.
 */
final class HandBack {
  private static final Logger LOG = LoggerFactory.getLogger(HandBack.class);

  /** How long stopped handlers get to return before their jobs are released anyway. */
  static final Duration THREAD_WAIT = Duration.ofSeconds(1);

  private final JobStore store;
  private final InstantSource clock;
  private final AttemptWatch watch;

  HandBack(JobStore store, InstantSource clock, AttemptWatch watch) {
    this.store = store;
    this.clock = clock;
    this.watch = watch;
  }

  /**
   * Hands back the given attempts.
   *
   * @return how many jobs were released
   */
  int handBack(Collection<Attempt> attempts) throws InterruptedException {
    List<Attempt> ours = new ArrayList<>();
    for (Attempt attempt : attempts) {
      if (attempt.beginRelease()) {
        attempt.stop(StopReason.SHUTDOWN, clock.instant());
        ours.add(attempt);
      }
    }
    long until =
        System.nanoTime()
            + THREAD_WAIT.toNanos(); // a real wait, not a business rule: no injected clock
    for (Attempt attempt : attempts) {
      Duration left = Duration.ofNanos(Math.max(0, until - System.nanoTime()));
      if (!attempt.awaitEnded(left)) {
        LOG.warn(
            "job {} ignores interruption; handing it back while its thread still runs",
            attempt.jobId());
      }
    }
    int released = 0;
    for (Attempt attempt : ours) {
      if (release(attempt)) {
        released++;
      }
    }
    return released;
  }

  private boolean release(Attempt attempt) {
    try {
      watch.save(attempt);
      store.release(attempt.lease(), "node shutting down");
      LOG.info(
          "job {} handed back to queue {} at shutdown", attempt.jobId(), attempt.job().queue());
      return true;
    } catch (StaleLeaseException | IllegalTransitionException | JobNotFoundException e) {
      LOG.info("job {} was not handed back: {}", attempt.jobId(), e.getMessage());
      return false;
    } catch (RuntimeException e) {
      LOG.warn(
          "could not hand back job {}; its lease will expire and it will run again",
          attempt.jobId(),
          e);
      return false;
    } finally {
      attempt.markDone();
    }
  }
}
