package dev.ujm.core.advice;

import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.schedule.CronSchedule;
import dev.ujm.core.schedule.Schedule;
import dev.ujm.core.schedule.ScheduleService;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds the enabled cron schedules that get in their own or each other's way:
 *
 * <ol>
 *   <li>a schedule whose recent jobs (those of the bounded read carrying its tag) ran on average
 *       longer than the time between two of its fires overlaps its own previous run;
 *   <li>schedules whose jobs go to the same queue and fire in the same minute collide: their fires
 *       in the next {@value #HORIZON_HOURS} hours (the first {@value #MAX_FIRES} of each) are cut
 *       to the minute and compared.
 * </ol>
 *
 * Pure; thread-safe.
 */
final class ScheduleAdvisor {
  static final int HORIZON_HOURS = 24;
  static final int MAX_FIRES = 1_440;

  private ScheduleAdvisor() {}

  static List<Recommendation> advise(List<Schedule> schedules, RecentJobs recent, Instant now) {
    List<Recommendation> out = new ArrayList<>();
    Map<String, Map<Instant, TreeSet<String>>> minutesByQueue = new TreeMap<>();
    Map<String, Schedule> byId = new TreeMap<>();
    Instant horizon = now.plus(Duration.ofHours(HORIZON_HOURS));
    for (Schedule s : schedules) {
      if (!s.enabled() || s.definition().cron() == null) {
        continue;
      }
      CronSchedule cron;
      try {
        cron = CronSchedule.parse(s.definition().cron(), s.definition().timeZone());
      } catch (InvalidJobException e) {
        continue; // stored before its cron was checked as it is now: nothing to say about it
      }
      byId.put(s.id(), s);
      List<Instant> fires = cron.nextFires(now, MAX_FIRES);
      if (fires.size() >= 2) {
        selfOverlap(s, Duration.between(fires.get(0), fires.get(1)), recent).ifPresent(out::add);
      }
      String queue = queueOf(s);
      for (Instant fire : fires) {
        if (fire.isAfter(horizon)) {
          break;
        }
        minutesByQueue
            .computeIfAbsent(queue, q -> new TreeMap<>())
            .computeIfAbsent(fire.truncatedTo(ChronoUnit.MINUTES), m -> new TreeSet<>())
            .add(s.id());
      }
    }
    minutesByQueue.forEach((queue, minutes) -> out.addAll(collisions(queue, minutes, byId)));
    return out;
  }

  private static Optional<Recommendation> selfOverlap(
      Schedule s, Duration interval, RecentJobs recent) {
    String tag = ScheduleService.tag(s.id());
    double sum = 0;
    int runs = 0;
    for (Job job : recent.jobs()) {
      if (job.state() == JobState.COMPLETED
          && job.startedAt() != null
          && job.finishedAt() != null
          && job.tags().contains(tag)) {
        sum += Duration.between(job.startedAt(), job.finishedAt()).toMillis() / 1000.0;
        runs++;
      }
    }
    double every = interval.toMillis() / 1000.0;
    if (runs == 0 || sum / runs <= every) {
      return Optional.empty();
    }
    double mean = sum / runs;
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("cron", s.definition().cron());
    figures.put("intervalSeconds", Recommendations.round(every));
    figures.put("meanRunSeconds", Recommendations.round(mean));
    figures.put("runs", runs);
    figures.put("overlap", s.definition().overlap().name().toLowerCase(Locale.ROOT));
    String message =
        String.format(
            Locale.ROOT,
            "Schedule %s (%s) fires every %s but its last %d runs took %.1f s on average, so each"
                + " run overlaps the one before: fire less often, or make it skip while one runs.",
            name(s),
            s.definition().cron(),
            Recommendations.span(every),
            runs,
            mean);
    return Optional.of(
        new Recommendation("schedule-overlap", s.id(), s.tenantId(), message, figures));
  }

  private static List<Recommendation> collisions(
      String queue, Map<Instant, TreeSet<String>> minutes, Map<String, Schedule> byId) {
    Map<List<String>, List<Instant>> shared = new LinkedHashMap<>();
    minutes.forEach(
        (minute, ids) -> {
          if (ids.size() > 1) {
            shared.computeIfAbsent(List.copyOf(ids), k -> new ArrayList<>()).add(minute);
          }
        });
    List<Recommendation> out = new ArrayList<>();
    shared.forEach(
        (ids, at) -> {
          Map<String, Object> figures = new LinkedHashMap<>();
          figures.put("queue", queue);
          figures.put("schedules", ids);
          figures.put("sharedMinutes", at.size());
          figures.put("firstShared", at.getFirst().toString());
          String message =
              String.format(
                  Locale.ROOT,
                  "Schedules %s fire in the same minute on queue %s %d times in the next %d h"
                      + " (first at %s): stagger them so their jobs do not wait for each other.",
                  String.join(", ", ids.stream().map(id -> name(byId.get(id))).toList()),
                  queue,
                  at.size(),
                  HORIZON_HOURS,
                  at.getFirst());
          String tenant = byId.get(ids.getFirst()).tenantId();
          out.add(
              new Recommendation(
                  "schedule-collision", String.join(",", ids), tenant, message, figures));
        });
    return out;
  }

  private static String queueOf(Schedule s) {
    var job = s.definition().job();
    return job.queue() != null ? job.queue() : job.type();
  }

  private static String name(Schedule s) {
    return "'" + s.definition().name() + "' (" + s.id() + ")";
  }
}
