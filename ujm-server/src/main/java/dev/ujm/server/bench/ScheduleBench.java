package dev.ujm.server.bench;

import dev.ujm.core.model.JobState;
import dev.ujm.core.model.JobUpdate;
import dev.ujm.core.schedule.JobTemplate;
import dev.ujm.core.schedule.Misfire;
import dev.ujm.core.schedule.Overlap;
import dev.ujm.core.schedule.Schedule;
import dev.ujm.core.schedule.ScheduleDefinition;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ujm bench schedules}: how late schedules fire on the embedded store, in process. Each run,
 * on a fresh database:
 *
 * <ol>
 *   <li>creates {@code --schedules} schedules firing every second ({@code * * * * * *}, seconds
 *       field), each making a {@code noop} job;
 *   <li>lets the node run them for {@code --seconds}, its evaluator at its normal cadence (every
 *       200 ms) and the {@code noop} pool at {@code --workers};
 *   <li>pauses them all and waits until every job of a fire inside the window has started.
 * </ol>
 *
 * For each fire inside the window it takes the fire instant from the job's idempotency key ({@code
 * schedule:<id>:<instant>}) and measures two delays: to the job's submit (the evaluator's lateness)
 * and to its start (what a user sees: the fire's lateness). Prints p50, p99 and the largest of
 * each, and the fires made against the fires due, as medians over the runs.
 */
@Command(
    name = "schedules",
    description = "Lateness (p50/p99) of every-second schedules on the embedded store, in process.")
final class ScheduleBench implements Runnable {
  @Spec CommandSpec spec;

  @Option(
      names = "--schedules",
      defaultValue = "1000",
      description = "Active schedules, each firing every second (default ${DEFAULT-VALUE}).")
  int schedules;

  @Option(
      names = "--seconds",
      defaultValue = "60",
      description = "Length of the measured window (default ${DEFAULT-VALUE}).")
  int seconds;

  @Option(
      names = "--workers",
      defaultValue = "64",
      description = "Pool size of the noop queue (default ${DEFAULT-VALUE}).")
  int workers;

  @Option(
      names = "--runs",
      defaultValue = "3",
      description = "Runs; the median is reported (default ${DEFAULT-VALUE}).")
  int runs;

  private static final String KEY_PREFIX = "schedule:";

  @Override
  public void run() {
    BenchCommand.quietLogs();
    PrintWriter out = spec.commandLine().getOut();
    Map<String, List<Double>> results = new LinkedHashMap<>();
    for (int run = 1; run <= runs; run++) {
      oneRun()
          .forEach(
              (name, value) -> results.computeIfAbsent(name, k -> new ArrayList<>()).add(value));
      out.printf("run %d of %d done%n", run, runs);
      out.flush();
    }
    out.printf(
        "%nujm bench schedules --schedules %d --seconds %d --workers %d --runs %d%n",
        schedules, seconds, workers, runs);
    out.printf("%-40s %12s   %s%n", "measure", "median", "runs");
    results.forEach(
        (name, values) ->
            out.printf(
                "%-40s %12.0f   %s%n",
                name,
                Samples.median(values),
                values.stream().map(v -> String.format("%.0f", v)).toList()));
    out.flush();
  }

  /** The fires of one run: when each was due, made into a job and started (epoch ms). */
  private static final class Fires {
    final Map<String, long[]> byJob = new ConcurrentHashMap<>();
    final AtomicInteger started = new AtomicInteger();

    void accept(JobUpdate update) {
      String key = update.job().idempotencyKey();
      if (!update.isStateChange() || key == null || !key.startsWith(KEY_PREFIX)) {
        return;
      }
      long[] times =
          byJob.computeIfAbsent(
              update.job().id(), id -> new long[] {fireOf(key).toEpochMilli(), -1, -1});
      if (update.job().state() == JobState.QUEUED && times[1] < 0) {
        times[1] = update.job().createdAt().toEpochMilli();
      } else if (update.job().state() == JobState.PROCESSING && times[2] < 0) {
        times[2] = update.job().startedAt().toEpochMilli();
        started.incrementAndGet();
      }
    }

    /** {@code schedule:<id>:<fire instant>}: the instant after the id. */
    private static Instant fireOf(String key) {
      int afterId = key.indexOf(':', KEY_PREFIX.length());
      return Instant.parse(key.substring(afterId + 1));
    }
  }

  private Map<String, Double> oneRun() {
    Fires fires = new Fires();
    try (BenchNode node = new BenchNode(workers, fires::accept)) {
      List<String> ids = new ArrayList<>(schedules);
      for (int i = 0; i < schedules; i++) {
        Schedule s =
            node.ujm
                .schedules()
                .create(
                    "bench",
                    "bench",
                    new ScheduleDefinition(
                        "every second " + i,
                        "* * * * * *",
                        null,
                        new JobTemplate("noop", null, null, null, null, null, null),
                        Misfire.SKIP,
                        Overlap.ALLOW,
                        10,
                        true));
        ids.add(s.id());
      }
      // the window starts at the first whole second after the node starts
      Instant from =
          Instant.now().plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
      Instant until = from.plusSeconds(seconds);
      node.ujm.start();
      sleepUntil(until.plusMillis(500));
      ids.forEach(id -> node.ujm.schedules().pause(id));
      long inWindow = awaitStarted(fires, from, until);
      return measures(fires, from, until, inWindow);
    }
  }

  /** Waits (at most a minute) until every job of a fire inside the window has started. */
  private static long awaitStarted(Fires fires, Instant from, Instant until) {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (true) {
      fires.started.get(); // reads after the writer's latest start (its increment comes last)
      List<long[]> window = inWindow(fires, from, until);
      long waiting = window.stream().filter(t -> t[2] < 0).count();
      if (waiting == 0 || System.nanoTime() > deadline) {
        return window.size();
      }
      sleepUntil(Instant.now().plusMillis(100));
    }
  }

  private static List<long[]> inWindow(Fires fires, Instant from, Instant until) {
    return fires.byJob.values().stream()
        .filter(t -> t[0] >= from.toEpochMilli() && t[0] < until.toEpochMilli())
        .toList();
  }

  private Map<String, Double> measures(Fires fires, Instant from, Instant until, long made) {
    List<long[]> window = inWindow(fires, from, until);
    long[] toSubmit = window.stream().filter(t -> t[1] >= 0).mapToLong(t -> t[1] - t[0]).toArray();
    long[] toStart = window.stream().filter(t -> t[2] >= 0).mapToLong(t -> t[2] - t[0]).toArray();
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("fires due in the window", (double) schedules * seconds);
    m.put("fires made into jobs", (double) made);
    m.put("fire to submit, p50 (ms)", Samples.percentile(toSubmit, toSubmit.length, 50));
    m.put("fire to submit, p99 (ms)", Samples.percentile(toSubmit, toSubmit.length, 99));
    m.put("fire to start, p50 (ms)", Samples.percentile(toStart, toStart.length, 50));
    m.put("fire to start, p99 (ms)", Samples.percentile(toStart, toStart.length, 99));
    m.put("fire to start, max (ms)", Samples.percentile(toStart, toStart.length, 100));
    return m;
  }

  /** Benchmarks pace themselves by the wall clock; this is the one place they wait. */
  private static void sleepUntil(Instant when) {
    long ms = Duration.between(Instant.now(), when).toMillis();
    if (ms <= 0) {
      return;
    }
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
