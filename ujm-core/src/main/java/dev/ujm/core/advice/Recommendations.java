package dev.ujm.core.advice;

import dev.ujm.core.model.Job;
import dev.ujm.core.schedule.Schedule;
import dev.ujm.core.schedule.ScheduleQuery;
import dev.ujm.core.schedule.ScheduleStore;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.tenant.Tenant;
import dev.ujm.core.tenant.TenantStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Advice for operators and admins, measured from what the engine did, each with its figures: pool
 * sizes per queue ({@link PoolAdvisor}), the job types whose unfinished attempts waste the most
 * worker time ({@link RetryAdvisor}), schedules that overlap their own runs or collide with others
 * ({@link ScheduleAdvisor}), and how each tenant and user uses the engine ({@link PatternAdvisor}).
 * Every read is bounded: the jobs created in the last {@link #WINDOW} (at most {@value
 * RecentJobs#MAX_JOBS}), the usage of the last {@value #USAGE_DAYS} days, at most {@value
 * #MAX_SCHEDULES} schedules. Nothing is kept between calls. Thread-safe.
 */
public final class Recommendations {
  /** How far back the jobs read reach. */
  public static final Duration WINDOW = Duration.ofHours(24);

  /** The days of usage read for the retry advice, today included. */
  public static final int USAGE_DAYS = 7;

  static final int MAX_SCHEDULES = 1_000;

  private final JobStore jobs;
  private final TenantStore tenants;
  private final ScheduleStore schedules;
  private final InstantSource clock;

  /**
   * @param tenants the backend's tenant records and usage; null when it keeps none
   * @param schedules the backend's schedules; null when it has none
   */
  public Recommendations(
      JobStore jobs, TenantStore tenants, ScheduleStore schedules, InstantSource clock) {
    this.jobs = Objects.requireNonNull(jobs);
    this.tenants = tenants;
    this.schedules = schedules;
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * The advice for one tenant, or for all.
   *
   * @param tenantId the tenant to advise about; null for every tenant
   * @param poolSizes the workers of each queue over every node, to advise on pool sizes (which span
   *     tenants); null to leave pools out
   * @return pool sizes first, then retry waste, schedules and the patterns
   */
  public List<Recommendation> recommend(String tenantId, Map<String, Integer> poolSizes) {
    Instant now = clock.instant();
    RecentJobs recent = RecentJobs.read(jobs, tenantId, now, WINDOW);
    List<Recommendation> out = new ArrayList<>();
    if (poolSizes != null) {
      out.addAll(PoolAdvisor.advise(recent, poolSizes));
    }
    if (tenants != null) {
      LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
      LocalDate from = today.minusDays(USAGE_DAYS - 1);
      for (String tenant : tenantsOf(tenantId, recent)) {
        out.addAll(RetryAdvisor.advise(tenant, tenants.usage(tenant, from, today), USAGE_DAYS));
      }
    }
    if (schedules != null) {
      List<Schedule> some =
          schedules.findSchedules(new ScheduleQuery(tenantId, null, null, MAX_SCHEDULES)).items();
      out.addAll(ScheduleAdvisor.advise(some, recent, now));
    }
    out.addAll(PatternAdvisor.advise(recent));
    return out;
  }

  /** The tenants whose usage to read: the one asked for, or every one with a record or a job. */
  private Set<String> tenantsOf(String tenantId, RecentJobs recent) {
    Set<String> all = new LinkedHashSet<>();
    if (tenantId != null) {
      all.add(tenantId);
      return all;
    }
    tenants.list().stream().map(Tenant::id).forEach(all::add);
    recent.jobs().stream().map(Job::tenantId).forEach(all::add);
    return all;
  }

  /** A figure to two decimals, as the answers show them. */
  static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  /** A span of seconds as a sentence says it: "24 h", "5 min", "30 s". */
  static String span(double seconds) {
    if (seconds >= 3600 && seconds % 3600 < 1) {
      return String.format(Locale.ROOT, "%.0f h", seconds / 3600);
    }
    if (seconds >= 60 && seconds % 60 < 1) {
      return String.format(Locale.ROOT, "%.0f min", seconds / 60);
    }
    return String.format(Locale.ROOT, "%.0f s", seconds);
  }
}
