package dev.ujm.core.worker;

import dev.ujm.core.model.Job;
import java.time.Instant;

/**
 * Watches this node's attempts from outside the engine (metrics, traces), without the engine
 * knowing what watches: the server measures run times and counts stale writes through it, and opens
 * a trace span around each attempt. The worker calls {@link #started} on the attempt's own thread
 * before its handler runs and {@link Scope#ended} on the same thread after the outcome was written,
 * so a scope may hold thread-bound context (a current span) for the handler's calls.
 *
 * <p>Implementations must be quick, thread-safe and must not throw: they run on the attempt's path.
 */
public interface AttemptObserver {

  /** Watches nothing. */
  AttemptObserver NONE =
      new AttemptObserver() {
        @Override
        public Scope started(Job job, Instant at) {
          return Scope.NONE;
        }

        @Override
        public void staleWrite(Job job) {}
      };

  /** Both observers, in this order (their scopes end in the reverse order). */
  static AttemptObserver both(AttemptObserver first, AttemptObserver second) {
    return new AttemptObserver() {
      @Override
      public Scope started(Job job, Instant at) {
        Scope outer = first.started(job, at);
        Scope inner = second.started(job, at);
        return (outcome, end) -> {
          inner.ended(outcome, end);
          outer.ended(outcome, end);
        };
      }

      @Override
      public void staleWrite(Job job) {
        first.staleWrite(job);
        second.staleWrite(job);
      }
    };
  }

  /**
   * An attempt of {@code job} (as claimed: its attempt number, worker and lease) begins.
   *
   * @param at when the worker started it, on the engine's clock
   */
  Scope started(Job job, Instant at);

  /**
   * A write of an attempt of {@code job} (its outcome, progress or checkpoint) was refused because
   * the lease it carried is no longer current: someone else moved the job on. Called on whichever
   * worker thread made the write.
   */
  void staleWrite(Job job);

  /** One attempt as an observer follows it. */
  interface Scope {
    /** Follows nothing. */
    Scope NONE = (outcome, at) -> {};

    /**
     * The attempt is over.
     *
     * @param outcome {@code completed}, {@code failed} (a retry or the dead letter, as the store
     *     decided), {@code cancelled}, {@code lease-lost}, {@code timed-out}, {@code shutdown}
     *     (handed back) or {@code unrecorded} (the write of its end failed)
     * @param at when, on the engine's clock
     */
    void ended(String outcome, Instant at);
  }
}
