package dev.ujm.server.bench;

import dev.ujm.core.eta.EtaEstimator;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.JobUpdate;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.Progress;
import dev.ujm.server.bench.crawl.BenchSite;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ujm bench eta}: how far the learned {@code etaSeconds} is from the time a job really had
 * left, on the embedded store, in process. Each run, on a fresh database (so the node learns from
 * nothing):
 *
 * <ol>
 *   <li>starts one generated site per crawl on a port of its own (the node's pause between requests
 *       to a host is {@code --delay-ms}, so a crawl takes seconds); with {@code --chained} a
 *       section links only its first page and each page the next, so a crawl's plan grows to the
 *       end and its reported fraction overstates all along;
 *   <li>runs {@code --rounds} rounds, each {@code --sleeps} sleep jobs of random lengths from
 *       {@code --min-seconds} to {@code --max-seconds} and {@code --crawls} crawls at once, waiting
 *       until all have finished; the first round only teaches the node;
 *   <li>for every job of the later rounds takes the first progress report at or past 25, 50 and 75
 *       % (pages stored of pages planned for a crawl) and compares its {@code etaSeconds} with the
 *       time from that report to the job's finish.
 * </ol>
 *
 * Prints the mean absolute percentage error at each point per type, and beside it the error of the
 * progress rate alone (time so far times what is left over what is done), as medians over the runs.
 */
@Command(
    name = "eta",
    description =
        "Error of the learned ETA at 25/50/75 % progress, sleeps and crawls, embedded store, in process.")
final class EtaBench implements Runnable {
  private static final int[] POINTS = {25, 50, 75};
  private static final Duration ROUND_LIMIT = Duration.ofMinutes(10);

  @Spec CommandSpec spec;

  @Option(
      names = "--sleeps",
      defaultValue = "12",
      description = "Sleep jobs per round (default ${DEFAULT-VALUE}).")
  int sleeps;

  @Option(
      names = "--min-seconds",
      defaultValue = "8",
      description = "Shortest sleep (default ${DEFAULT-VALUE}).")
  int minSeconds;

  @Option(
      names = "--max-seconds",
      defaultValue = "24",
      description = "Longest sleep (default ${DEFAULT-VALUE}).")
  int maxSeconds;

  @Option(
      names = "--crawls",
      defaultValue = "4",
      description = "Crawls per round, one site each (default ${DEFAULT-VALUE}).")
  int crawls;

  @Option(
      names = "--pages",
      defaultValue = "10",
      description = "Sections of a site, each of as many pages (default ${DEFAULT-VALUE}).")
  int sections;

  @Option(
      names = "--delay-ms",
      defaultValue = "100",
      description = "UJM_CRAWL_DEFAULT_DELAY_MS (default ${DEFAULT-VALUE}).")
  int delayMs;

  @Option(
      names = "--chained",
      description =
          "Sites whose sections link only their first page, so a crawl's plan grows to the end.")
  boolean chained;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description = "Rounds per run, the first one unmeasured (default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--runs",
      defaultValue = "3",
      description = "Runs; the median is reported (default ${DEFAULT-VALUE}).")
  int runs;

  @Override
  public void run() {
    if (rounds < 2 || minSeconds < 1 || maxSeconds < minSeconds) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "need --rounds of 2 or more and 1 <= --min-seconds <= --max-seconds");
    }
    BenchCommand.quietLogs();
    PrintWriter out = spec.commandLine().getOut();
    Medians medians = new Medians();
    for (int run = 1; run <= runs; run++) {
      try {
        oneRun(run).forEach(medians::add);
      } catch (IOException e) {
        throw new IllegalStateException("could not start the sites", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      out.printf("run %d of %d done%n", run, runs);
      out.flush();
    }
    medians.print(
        out,
        String.format(
            Locale.ROOT,
            "ujm bench eta --sleeps %d --min-seconds %d --max-seconds %d --crawls %d --pages %d"
                + " --delay-ms %d%s --rounds %d --runs %d   (mean absolute error, %% of the time"
                + " left)",
            sleeps,
            minSeconds,
            maxSeconds,
            crawls,
            sections,
            delayMs,
            chained ? " --chained" : "",
            rounds,
            runs));
  }

  private Map<String, Double> oneRun(int run) throws IOException, InterruptedException {
    List<BenchSite> sites = new ArrayList<>();
    Reports reports = new Reports();
    Map<String, String> settings =
        Map.of(
            "UJM_WORKERS_SLEEP", String.valueOf(sleeps),
            "UJM_WORKERS_CRAWL", String.valueOf(crawls),
            "UJM_CRAWL_DEFAULT_DELAY_MS", String.valueOf(delayMs),
            "UJM_CRAWL_FETCHERS_PER_JOB", "1",
            "UJM_CRAWL_MAX_DEPTH", String.valueOf(sections + 2), // a chained site is that deep
            "UJM_CRAWL_ALLOW_PRIVATE_NETWORKS", "true"); // the sites listen on 127.0.0.1
    try (BenchNode node = new BenchNode(settings, reports::accept)) {
      for (int i = 0; i < crawls; i++) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        sites.add(
            chained
                ? BenchSite.chained(loopback, sections, sections)
                : new BenchSite(loopback, sections, sections, null, false));
      }
      node.ujm.start();
      Random lengths = new Random(run);
      Errors errors = new Errors();
      for (int round = 1; round <= rounds; round++) {
        List<String> ids = new ArrayList<>();
        CountDownLatch finished = reports.expect(sleeps + crawls);
        for (int i = 0; i < sleeps; i++) {
          long ms = 1000L * (minSeconds + lengths.nextInt(maxSeconds - minSeconds + 1));
          ids.add(
              node.ujm.submit(NewJob.ofType("sleep").payload(Map.of("ms", ms)).build()).job().id());
        }
        for (BenchSite site : sites) {
          Map<String, Object> payload =
              Map.of("url", site.base(), "maxPages", site.pageCount(), "maxDepth", sections + 2);
          ids.add(node.ujm.submit(NewJob.ofType("crawl").payload(payload).build()).job().id());
        }
        if (!finished.await(ROUND_LIMIT.toMinutes(), TimeUnit.MINUTES)) {
          throw new IllegalStateException("round " + round + " did not finish in " + ROUND_LIMIT);
        }
        if (round > 1) {
          for (String id : ids) {
            errors.add(node.ujm.jobs().get(id), reports.of(id));
          }
        }
      }
      return errors.means();
    } finally {
      sites.forEach(BenchSite::close);
    }
  }

  /** The first report at or past each point of every job, and the count of jobs still running. */
  private static final class Reports {
    private final Map<String, Progress[]> firstAt = new ConcurrentHashMap<>();
    private final Map<String, Instant[]> when = new ConcurrentHashMap<>();
    private volatile CountDownLatch finished = new CountDownLatch(0);

    CountDownLatch expect(int jobs) {
      finished = new CountDownLatch(jobs);
      return finished;
    }

    /** Called on the store's committing thread: quick. */
    void accept(JobUpdate update) {
      Job job = update.job();
      if (update.isStateChange()) {
        if (job.state().isFinal()) {
          finished.countDown();
        }
        return;
      }
      Double fraction = EtaEstimator.fraction(job.progress());
      if (fraction == null) {
        return;
      }
      Progress[] reports = firstAt.computeIfAbsent(job.id(), id -> new Progress[POINTS.length]);
      Instant[] times = when.computeIfAbsent(job.id(), id -> new Instant[POINTS.length]);
      for (int i = 0; i < POINTS.length; i++) {
        if (reports[i] == null && fraction * 100 >= POINTS[i]) {
          reports[i] = job.progress();
          times[i] = job.updatedAt();
        }
      }
    }

    Report of(String id) {
      return new Report(
          firstAt.getOrDefault(id, new Progress[POINTS.length]),
          when.getOrDefault(id, new Instant[POINTS.length]));
    }
  }

  private record Report(Progress[] progress, Instant[] at) {}

  /** Sums of absolute percentage errors per type and point, learned and rate alone. */
  private static final class Errors {
    private final Map<String, double[]> sums = new TreeMap<>();

    void add(Job job, Report report) {
      if (job.state() != JobState.COMPLETED) {
        throw new IllegalStateException(
            job.type() + " job " + job.id() + " ended " + job.state() + ": " + job.lastError());
      }
      for (int i = 0; i < POINTS.length; i++) {
        Progress p = report.progress()[i];
        if (p == null || p.etaSeconds() == null) {
          continue;
        }
        double left = seconds(report.at()[i], job.finishedAt());
        if (left <= 0) {
          continue;
        }
        double elapsed = seconds(job.startedAt(), report.at()[i]);
        double done = EtaEstimator.fraction(p);
        double rateAlone = elapsed * (1 - done) / done;
        add(
            job.type() + " at " + POINTS[i] + " %, learned",
            Math.abs(p.etaSeconds() - left) / left);
        add(job.type() + " at " + POINTS[i] + " %, rate alone", Math.abs(rateAlone - left) / left);
      }
    }

    private void add(String measure, double error) {
      double[] sum = sums.computeIfAbsent(measure, m -> new double[2]);
      sum[0] += error;
      sum[1]++;
    }

    Map<String, Double> means() {
      Map<String, Double> means = new LinkedHashMap<>();
      sums.forEach((measure, sum) -> means.put(measure, 100 * sum[0] / sum[1]));
      return means;
    }
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e9;
  }
}
