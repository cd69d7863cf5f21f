package dev.ujm.core.advice;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Describes how each tenant and each user used the engine over the recent jobs: how many jobs, the
 * types they used (most used first), their jobs per UTC hour of the day, the hour they submitted
 * most in and its share, and the share of their finished jobs that failed. The {@value #MAX_USERS}
 * busiest users are kept. Pure; thread-safe.
 */
final class PatternAdvisor {
  static final int MAX_USERS = 20;
  static final int MAX_TYPES_NAMED = 5;

  private PatternAdvisor() {}

  static List<Recommendation> advise(RecentJobs recent) {
    Map<String, Pattern> tenants = new TreeMap<>();
    Map<List<String>, Pattern> users = new LinkedHashMap<>();
    for (Job job : recent.jobs()) {
      String tenant = Objects.requireNonNullElse(job.tenantId(), "");
      tenants.computeIfAbsent(tenant, t -> new Pattern()).add(job);
      if (job.ownerId() != null) {
        users.computeIfAbsent(List.of(tenant, job.ownerId()), u -> new Pattern()).add(job);
      }
    }
    List<Recommendation> out = new ArrayList<>();
    tenants.forEach(
        (tenant, p) ->
            out.add(
                p.describe(
                    "tenant-pattern",
                    tenant.isEmpty() ? "jobs without a tenant" : "tenant " + tenant,
                    tenant,
                    tenant,
                    recent)));
    users.entrySet().stream()
        .sorted(Comparator.comparingInt(e -> -e.getValue().jobs))
        .limit(MAX_USERS)
        .forEach(
            e -> {
              String tenant = e.getKey().get(0);
              String user = e.getKey().get(1);
              out.add(
                  e.getValue()
                      .describe(
                          "user-pattern",
                          "user " + user + " of tenant " + tenant,
                          user,
                          tenant,
                          recent));
            });
    return out;
  }

  /** What one tenant's or user's jobs add up to. */
  private static final class Pattern {
    int jobs;
    int finished;
    int failed;
    final Map<String, Integer> types = new TreeMap<>();
    final int[] hours = new int[24];

    void add(Job job) {
      jobs++;
      types.merge(job.type(), 1, Integer::sum);
      hours[job.createdAt().atZone(ZoneOffset.UTC).getHour()]++;
      if (job.state().isFinal()) {
        finished++;
        if (job.state() == JobState.FAILED) {
          failed++;
        }
      }
    }

    Recommendation describe(
        String kind, String who, String subject, String tenant, RecentJobs recent) {
      int peak = 0;
      for (int h = 1; h < 24; h++) {
        if (hours[h] > hours[peak]) {
          peak = h;
        }
      }
      Map<String, Integer> used = new LinkedHashMap<>();
      types.entrySet().stream()
          .sorted(Comparator.comparingInt(e -> -e.getValue()))
          .forEach(e -> used.put(e.getKey(), e.getValue()));
      double failure = finished == 0 ? 0 : (double) failed / finished;
      double peakShare = (double) hours[peak] / jobs;
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("jobs", jobs);
      figures.put("types", used);
      figures.put("peakHourUtc", peak);
      figures.put("peakHourShare", Recommendations.round(peakShare));
      figures.put("jobsByHourUtc", Arrays.stream(hours).boxed().toList());
      figures.put("finished", finished);
      figures.put("failed", failed);
      figures.put("failureShare", Recommendations.round(failure));
      figures.put("windowSeconds", Math.round(recent.seconds()));
      String top = String.join(", ", used.keySet().stream().limit(MAX_TYPES_NAMED).toList());
      String message =
          String.format(
              Locale.ROOT,
              "%s: %d jobs in the last %s, mostly %s; busiest at %02d:00 UTC (%.0f %% of them);"
                  + " %.0f %% of %d finished jobs failed.",
              who,
              jobs,
              Recommendations.span(recent.seconds()),
              top,
              peak,
              peakShare * 100,
              failure * 100,
              finished);
      return new Recommendation(kind, subject, tenant.isEmpty() ? null : tenant, message, figures);
    }
  }
}
