package dev.ujm.core.advice;

import dev.ujm.core.model.Job;
import dev.ujm.core.store.JobQuery;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.store.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The bounded read every advisor of a request shares: the jobs created in the last {@code window},
 * newest first, at most {@value #MAX_JOBS} of them (two pages). When the bound cuts the window
 * short, {@link #from()} says where the jobs read really start, so rates are taken over the time
 * they cover. Immutable.
 *
 * @param jobs the jobs read, newest first
 * @param from the start of the time they cover
 * @param to when they were read
 * @param truncated whether older jobs of the window were left out
 */
record RecentJobs(List<Job> jobs, Instant from, Instant to, boolean truncated) {
  static final int MAX_JOBS = 2_000;

  /**
   * @param tenantId the tenant to read, or null for every tenant
   */
  static RecentJobs read(JobStore store, String tenantId, Instant now, Duration window) {
    Instant from = now.minus(window);
    JobQuery query = JobQuery.all(1000).withTenant(tenantId).withCreated(from, null);
    List<Job> jobs = new ArrayList<>();
    String cursor = null;
    do {
      Page<Job> page = store.find(cursor == null ? query : query.withCursor(cursor));
      jobs.addAll(page.items());
      cursor = page.nextCursor();
    } while (cursor != null && jobs.size() < MAX_JOBS);
    boolean truncated = cursor != null;
    Instant start = truncated && !jobs.isEmpty() ? jobs.getLast().createdAt() : from;
    return new RecentJobs(List.copyOf(jobs), start, now, truncated);
  }

  double seconds() {
    return Math.max(1, Duration.between(from, to).toMillis() / 1000.0);
  }
}
