package dev.ujm.core.duty;

import java.util.ArrayList;
import java.util.List;

/** A ticker moved by hand: a step "takes" what the test adds, pauses are recorded, not slept. */
final class ScriptedTicker implements PacedSteps.Ticker {
  long now;
  final List<Long> pauses = new ArrayList<>();

  /** Lets a step take this long. */
  void spend(long nanos) {
    now += nanos;
  }

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public void pause(long nanos) {
    pauses.add(nanos);
    now += nanos;
  }
}
