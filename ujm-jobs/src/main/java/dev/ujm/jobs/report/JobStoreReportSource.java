package dev.ujm.jobs.report;

import dev.ujm.core.model.Job;
import dev.ujm.core.store.JobQuery;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.store.Page;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * A {@link ReportSource} over the job store's query seam: pages through the jobs of the range, a
 * thousand at a time, newest first, and adds them up per group. Thread-safe.
 */
public final class JobStoreReportSource implements ReportSource {
  private final JobStore store;

  public JobStoreReportSource(JobStore store) {
    this.store = store;
  }

  @Override
  public Rows rows(ReportQuery q, long maxJobs, BooleanSupplier cancelled) {
    Map<List<String>, Group> groups = new TreeMap<>(JobStoreReportSource::compare);
    JobQuery query =
        new JobQuery(
            null,
            q.type(),
            q.queue(),
            q.tenantId(),
            q.ownerId(),
            null,
            q.from(),
            q.before(),
            null,
            1000);
    long read = 0;
    boolean truncated = false;
    String cursor = null;
    do {
      if (cancelled.getAsBoolean()) {
        throw new CancellationException("report cancelled");
      }
      Page<Job> page = store.find(query.withCursor(cursor));
      for (Job job : page.items()) {
        if (read == maxJobs) {
          truncated = true;
          break;
        }
        read++;
        groups.computeIfAbsent(key(job, q.groupBy()), k -> new Group()).add(job);
      }
      cursor = truncated ? null : page.nextCursor();
    } while (cursor != null);
    List<ReportRow> rows = new ArrayList<>();
    groups.forEach((key, g) -> rows.add(g.row(key)));
    return new Rows(rows, read, truncated);
  }

  private static List<String> key(Job job, List<String> groupBy) {
    List<String> key = new ArrayList<>(groupBy.size());
    for (String dimension : groupBy) {
      key.add(
          Objects.requireNonNullElse(
              switch (dimension) {
                case "type" -> job.type();
                case "queue" -> job.queue();
                case "tenant" -> job.tenantId();
                default -> throw new IllegalArgumentException("unknown dimension " + dimension);
              },
              ""));
    }
    return key;
  }

  private static int compare(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  /** Running totals of one group. */
  private static final class Group {
    long jobs;
    long completed;
    long failed;
    long cancelled;
    long pending;
    long failedAttempts;
    final List<Double> seconds = new ArrayList<>();

    void add(Job job) {
      jobs++;
      failedAttempts += job.errors().size();
      switch (job.state()) {
        case COMPLETED -> {
          completed++;
          if (job.startedAt() != null && job.finishedAt() != null) {
            seconds.add(Duration.between(job.startedAt(), job.finishedAt()).toNanos() / 1e9);
          }
        }
        case FAILED -> failed++;
        case CANCELLED -> cancelled++;
        default -> pending++;
      }
    }

    ReportRow row(List<String> key) {
      Double mean =
          seconds.isEmpty()
              ? null
              : round(seconds.stream().mapToDouble(d -> d).average().orElse(0));
      Double p95 = null;
      if (!seconds.isEmpty()) {
        List<Double> sorted = seconds.stream().sorted().toList();
        p95 =
            round(
                sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.95) - 1)));
      }
      return new ReportRow(
          key, jobs, completed, failed, cancelled, pending, failedAttempts, mean, p95);
    }

    private static double round(double s) {
      return Math.round(s * 1000) / 1000.0;
    }
  }
}
