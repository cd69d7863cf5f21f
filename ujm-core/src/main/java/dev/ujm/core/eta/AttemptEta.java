package dev.ujm.core.eta;

import dev.ujm.core.model.Progress;
import java.time.Instant;

/**
 * Stamps the progress reports of one running attempt with an estimate of the time it has left, just
 * before they are written. Implementations are thread-safe.
 */
@FunctionalInterface
public interface AttemptEta {
  /** Leaves every report as its handler made it. */
  AttemptEta NONE = (reported, now) -> reported;

  /**
   * @param reported the progress as the handler reported it
   * @param now when it is written
   * @return the report to write: the same one, or a copy with {@code etaSeconds} set
   */
  Progress stamp(Progress reported, Instant now);
}
