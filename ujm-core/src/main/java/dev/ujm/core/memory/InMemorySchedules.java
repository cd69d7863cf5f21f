package dev.ujm.core.memory;

import dev.ujm.core.schedule.Schedule;
import dev.ujm.core.schedule.ScheduleFire;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The schedules of an in-memory data set and their histories. Not thread-safe: used under the job
 * store's lock.
 */
final class InMemorySchedules {
  final NavigableMap<String, Schedule> byId = new TreeMap<>();
  private final Map<String, List<ScheduleFire>> fires = new HashMap<>();

  List<ScheduleFire> firesOf(String scheduleId) {
    return fires.computeIfAbsent(scheduleId, id -> new ArrayList<>());
  }

  void delete(String scheduleId) {
    byId.remove(scheduleId);
    fires.remove(scheduleId);
  }
}
