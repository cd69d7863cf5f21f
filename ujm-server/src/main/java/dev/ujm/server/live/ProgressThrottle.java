package dev.ujm.server.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Coalesces each job's progress toward clients: at most one progress event per {@link #MIN_GAP} per
 * job, the latest value winning; one that comes too soon is held back and sent when the gap has
 * passed ({@link #due()}), unless a state change of the job comes first, which carries the latest
 * progress itself and replaces it. Not thread-safe: the {@link LiveHub} holds its lock.
 */
final class ProgressThrottle {
  /** The shortest time between two progress events of one job: four a second at most. */
  static final Duration MIN_GAP = Duration.ofMillis(250);

  private static final class JobTimes {
    long lastSent;
    LiveEvent held;
  }

  private final LongSupplier nanos;
  private final Map<String, JobTimes> jobs = new HashMap<>();

  ProgressThrottle(LongSupplier nanos) {
    this.nanos = nanos;
  }

  /** The events to send now for an incoming one (none when its progress is held back). */
  List<LiveEvent> admit(LiveEvent event) {
    if (event.isState()) {
      jobs.remove(event.jobId());
      return List.of(event);
    }
    long now = nanos.getAsLong();
    JobTimes times = jobs.get(event.jobId());
    if (times == null) {
      times = new JobTimes();
      times.lastSent = now;
      jobs.put(event.jobId(), times);
      return List.of(event);
    }
    if (now - times.lastSent >= MIN_GAP.toNanos()) {
      times.lastSent = now;
      times.held = null;
      return List.of(event);
    }
    times.held = event;
    return List.of();
  }

  /** The held-back progress whose gap has passed, oldest job first. */
  List<LiveEvent> due() {
    if (jobs.isEmpty()) {
      return List.of();
    }
    long now = nanos.getAsLong();
    List<LiveEvent> ready = new ArrayList<>();
    var it = jobs.values().iterator();
    while (it.hasNext()) {
      JobTimes times = it.next();
      if (times.held != null && now - times.lastSent >= MIN_GAP.toNanos()) {
        ready.add(times.held);
        times.held = null;
        times.lastSent = now;
      } else if (times.held == null && now - times.lastSent >= 10 * MIN_GAP.toNanos()) {
        it.remove(); // a job quiet for a while: forget it, its next report goes out at once
      }
    }
    ready.sort(java.util.Comparator.comparingLong(LiveEvent::seq));
    return ready;
  }

  /** Jobs whose timing is remembered now. */
  int tracked() {
    return jobs.size();
  }
}
