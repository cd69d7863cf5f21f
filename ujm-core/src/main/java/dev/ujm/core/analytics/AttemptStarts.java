package dev.ujm.core.analytics;

import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.JobUpdate;
import dev.ujm.core.model.Transition;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * When each processing job's attempt was claimed, for the run time of its end, for a store that
 * sees every claim in one process (the in-memory store under its lock, the embedded store on its
 * writer thread). An attempt claimed before a restart is not known: its first attempt is timed from
 * the job's {@code startedAt}, a later one is counted without a run time. Not thread-safe.
 */
public final class AttemptStarts {
  private final Map<String, Instant> starts = new HashMap<>();

  /**
   * Follows one committed update: remembers a claim's time, and for a move out of processing
   * returns (and forgets) when its attempt was claimed.
   *
   * @return the start of the attempt this update ends, or null
   */
  public Instant follow(JobUpdate update) {
    JobEvent event = update.transition();
    if (event == null || event.from() != JobState.PROCESSING) {
      if (event != null && event.transition() == Transition.CLAIM) {
        starts.put(update.job().id(), event.at());
      } else if (event != null && event.to().isFinal()) {
        starts.remove(update.job().id()); // a claim whose group was rolled back left one behind
      }
      return null;
    }
    Instant start = starts.remove(update.job().id());
    if (start == null && update.job().attempt() == 1) {
      start = update.job().startedAt();
    }
    return start;
  }
}
