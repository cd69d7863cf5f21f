package dev.ujm.core.tenant;

import dev.ujm.core.model.Job;
import dev.ujm.core.store.JobQuery;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.store.Page;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * How many jobs, and how many cost units, each tenant has submitted on the current UTC day, for the
 * {@code jobsPerDay} and {@code costPerDay} quotas. A tenant's day is counted from the store the
 * first time it is asked for (so a restart loses nothing), then kept here as submits are reserved
 * and given back. Each node counts what it admits itself: on several nodes a tenant may go over a
 * per-day limit by what the other nodes admitted since this one counted. Thread-safe.
 */
final class SubmittedToday {
  private final JobStore store;
  private final ToDoubleFunction<Job> cost;
  private final Map<String, Day> days = new HashMap<>();

  /** One tenant's day so far. */
  private static final class Day {
    final LocalDate date;
    long jobs;
    double cost;

    Day(LocalDate date) {
      this.date = date;
    }
  }

  /** What a reservation found over a limit; null when it fits. */
  enum Over {
    JOBS,
    COST
  }

  SubmittedToday(JobStore store, ToDoubleFunction<Job> cost) {
    this.store = store;
    this.cost = cost;
  }

  /**
   * Adds {@code jobs} and {@code units} to the tenant's day unless that would pass a limit (null:
   * none).
   *
   * @return null when added; otherwise which limit it would pass, and nothing was added
   */
  synchronized Over reserve(
      String tenant, LocalDate date, long jobs, double units, Integer jobsLimit, Double costLimit) {
    Day day = dayOf(tenant, date);
    if (jobsLimit != null && day.jobs + jobs > jobsLimit) {
      return Over.JOBS;
    }
    if (costLimit != null && day.cost + units > costLimit) {
      return Over.COST;
    }
    day.jobs += jobs;
    day.cost += units;
    return null;
  }

  /** The jobs and cost units the tenant has submitted on this day, as the quotas count them. */
  synchronized QuotaUse.Today sofar(String tenant, LocalDate date) {
    Day day = dayOf(tenant, date);
    return new QuotaUse.Today(day.jobs, day.cost);
  }

  /** Gives back a reservation whose jobs were not stored (refused, or idempotent repeats). */
  synchronized void giveBack(String tenant, LocalDate date, long jobs, double units) {
    Day day = days.get(tenant);
    if (day != null && day.date.equals(date)) {
      day.jobs = Math.max(0, day.jobs - jobs);
      day.cost = Math.max(0, day.cost - units);
    }
  }

  private Day dayOf(String tenant, LocalDate date) {
    Day day = days.get(tenant);
    if (day == null || !day.date.equals(date)) {
      day = counted(tenant, date);
      days.put(tenant, day);
    }
    return day;
  }

  /** The tenant's jobs created on this day, from the store. */
  private Day counted(String tenant, LocalDate date) {
    Day day = new Day(date);
    JobQuery query =
        JobQuery.all(1000)
            .withTenant(tenant)
            .withCreated(
                date.atStartOfDay().toInstant(ZoneOffset.UTC),
                date.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    String cursor = null;
    do {
      Page<Job> page = store.find(cursor == null ? query : query.withCursor(cursor));
      for (Job job : page.items()) {
        day.jobs++;
        day.cost += cost.applyAsDouble(job);
      }
      cursor = page.nextCursor();
    } while (cursor != null);
    return day;
  }
}
