package dev.ujm.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.Json;
import dev.ujm.server.KeyedApiClient;
import dev.ujm.server.bench.RedisProcess.Durability;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ujm bench compare}: the same batch workload against UJM over HTTP and against BullMQ on
 * Redis with each of its durability settings, side by side in one run.
 *
 * <ol>
 *   <li>Install the Node side once ({@link NodeScripts}); without Node or npm, say so and stop.
 *   <li>Each round runs every system in turn, each on a fresh server: a {@code ujm serve} of its
 *       own JVM (embedded SQLite, {@code synchronous=FULL}), then a {@code redis-server} with no
 *       persistence, with AOF {@code everysec} and with AOF {@code always}, each driven by BullMQ
 *       in one Node process.
 *   <li>Each {@code ujm serve} first warms itself up for {@code --serve-warmup-seconds} before it
 *       is ready, as {@code ujm serve} does by default ({@code UJM_WARMUP_SECONDS}); 0 measures a
 *       cold start.
 *   <li>Each system gets the same workload: a warm-up of {@code --warmup} no-op jobs submitted and
 *       completed, then {@code --jobs} no-op jobs submitted in batches of {@code --batch} (each
 *       batch answered before the next is sent) while {@code --workers} workers run them; the rate
 *       is from the first submit to the last completion.
 *   <li>Print the median of the rounds for each system, and UJM's rate divided by each. With {@code
 *       --ujm-jar} given several times, each build is a row of its own, measured in turn in every
 *       round (an A/B comparison on a shared machine).
 * </ol>
 */
@Command(
    name = "compare",
    description = "UJM over HTTP against BullMQ on Redis, the same batch workload, side by side.")
final class CompareBench implements Runnable {
  private static final String BENCH_KEY = "ujm-bench-admin-key-0123456789abcdef";
  private static final String UJM_ROW = "UJM, POST /api/v2/jobs/batch, embedded SQLite";

  @Spec CommandSpec spec;

  @Option(
      names = "--jobs",
      defaultValue = "20000",
      description = "Measured jobs per system and round (default ${DEFAULT-VALUE}).")
  int jobs;

  @Option(
      names = "--batch",
      defaultValue = "1000",
      description = "Jobs per submitted batch (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--warmup",
      defaultValue = "1000",
      description = "Unmeasured jobs before each measurement (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--workers",
      defaultValue = "64",
      description =
          "Jobs run at once: UJM's pool size, BullMQ's worker concurrency (default ${DEFAULT-VALUE}).")
  int workers;

  @Option(
      names = "--serve-warmup-seconds",
      defaultValue = "30",
      description =
          "UJM_WARMUP_SECONDS of each ujm serve: how long it runs its hot paths on a scratch server"
              + " before it is ready, as ujm serve does by default (default ${DEFAULT-VALUE}; 0 measures"
              + " a cold start)")
  int serveWarmupSeconds;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description = "Rounds; the median is reported (default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--ujm-jar",
      description =
          "Measure the ujm serve of this jar instead of this build's; give it several times to"
              + " compare builds in the same rounds.")
  List<Path> ujmJars = new ArrayList<>();

  @Option(
      names = "--ujm-only",
      description = "Measure UJM alone (no Node or Redis needed), e.g. to compare two builds.")
  boolean ujmOnly;

  @Override
  public void run() {
    BenchCommand.quietLogs();
    PrintWriter out = spec.commandLine().getOut();
    NodeScripts node = null;
    if (!ujmOnly) {
      try {
        node = NodeScripts.prepare();
      } catch (NodeScripts.Unavailable e) {
        spec.commandLine().getErr().println(e.getMessage());
        return;
      }
    }
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    Map<String, String> promises = new LinkedHashMap<>();
    List<Path> builds = ujmJars.isEmpty() ? java.util.Collections.singletonList(null) : ujmJars;
    try {
      for (int round = 1; round <= rounds; round++) {
        for (Path jar : builds) {
          String row = jar == null ? UJM_ROW : UJM_ROW + " (" + jar.getFileName() + ")";
          promises.put(row, "every write (synchronous=FULL)");
          record(rates, row, ujm(jar));
        }
        if (node != null) {
          for (Durability durability : Durability.values()) {
            String row = "BullMQ 6.7 + Redis, " + durability.setting;
            promises.put(row, durability.promise);
            record(rates, row, bullmq(node, durability));
          }
        }
        out.printf("round %d of %d: %s%n", round, rounds, lastOfEach(rates));
        out.flush();
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    print(out, rates, promises);
  }

  private void print(
      PrintWriter out, Map<String, List<Double>> rates, Map<String, String> promises) {
    out.printf(
        "%nujm bench compare --jobs %d --batch %d --warmup %d --workers %d"
            + " --serve-warmup-seconds %d --rounds %d%s%n",
        jobs,
        batch,
        warmup,
        workers,
        serveWarmupSeconds,
        rounds,
        ujmJars.stream()
            .map(jar -> " --ujm-jar " + jar)
            .collect(java.util.stream.Collectors.joining()));
    out.printf(
        "%-66s %-32s %10s %12s   %s%n", "system", "durability", "jobs/s", "UJM ÷ this", "rounds");
    // The ratios are of the last UJM build named (this build when none is).
    double ujm =
        rates.entrySet().stream()
            .filter(e -> e.getKey().startsWith(UJM_ROW))
            .reduce((first, second) -> second)
            .map(e -> Samples.median(e.getValue()))
            .orElseThrow();
    rates.forEach(
        (row, values) -> {
          double median = Samples.median(values);
          out.printf(
              "%-66s %-32s %,10.0f %11.2f×   %s%n",
              row,
              promises.get(row),
              median,
              ujm / median,
              values.stream().map(v -> String.format("%,.0f", v)).toList());
        });
    out.flush();
  }

  private static void record(Map<String, List<Double>> rates, String row, double rate) {
    rates.computeIfAbsent(row, k -> new ArrayList<>()).add(rate);
  }

  private static String lastOfEach(Map<String, List<Double>> rates) {
    List<String> parts = new ArrayList<>();
    rates.forEach(
        (row, values) ->
            parts.add(String.format("%s %,.0f/s", row, values.get(values.size() - 1))));
    return String.join("; ", parts);
  }

  /** One UJM measurement on a fresh {@code ujm serve}. */
  private double ujm(Path jar) throws IOException, InterruptedException {
    try (ServeProcess server =
        ServeProcess.start(
            jar,
            BENCH_KEY,
            Map.of(
                "UJM_WORKERS",
                String.valueOf(workers),
                "UJM_WARMUP_SECONDS",
                String.valueOf(serveWarmupSeconds)))) {
      HttpBatches producer = new HttpBatches(server.url());
      producer.run(warmup);
      long start = System.nanoTime();
      producer.run(jobs);
      return jobs / ((System.nanoTime() - start) / 1e9);
    }
  }

  /** One BullMQ measurement on a fresh Redis. */
  private double bullmq(NodeScripts node, Durability durability)
      throws IOException, InterruptedException {
    try (RedisProcess redis = RedisProcess.start(durability)) {
      JsonNode result =
          node.run(
              "bullmq-batch.mjs",
              String.valueOf(redis.port()),
              String.valueOf(jobs),
              String.valueOf(batch),
              String.valueOf(warmup),
              String.valueOf(workers));
      return result.path("jobsPerSecond").asDouble();
    }
  }

  /**
   * The UJM producer: batches of no-op jobs over HTTP, each answered before the next. It learns
   * that the jobs are done the way a client would, without loading the server: a long-poll on the
   * last job submitted ({@code GET /api/v2/jobs/{id}/wait}) until it completed, then {@code GET
   * /api/v2/queues} until every job submitted so far is counted as completed (jobs run 64 at once,
   * so the last may finish a moment before others).
   */
  private final class HttpBatches {
    private final KeyedApiClient api;
    private long submitted;

    HttpBatches(URI base) {
      this.api = new KeyedApiClient(base, BENCH_KEY);
    }

    /** Submits {@code count} more jobs and returns once all submitted so far have completed. */
    void run(int count) throws IOException, InterruptedException {
      String last = null;
      for (int from = 0; from < count; from += batch) {
        int size = Math.min(batch, count - from);
        StringBuilder body = new StringBuilder(size * 18 + 16).append("{\"jobs\":[");
        for (int i = 0; i < size; i++) {
          body.append(i == 0 ? "" : ",").append("{\"type\":\"noop\"}");
        }
        HttpResponse<String> answer = send("POST", "/api/v2/jobs/batch", body.append("]}"));
        if (answer.statusCode() != 201) {
          throw new IllegalStateException(
              "the batch submit answered " + answer.statusCode() + ": " + answer.body());
        }
        submitted += size;
        if (from + size >= count) {
          JsonNode jobs = Json.mapper().readTree(answer.body()).path("jobs");
          last = jobs.get(jobs.size() - 1).path("id").asText();
        }
      }
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      if (!api.awaitCompleted(last, deadline)) {
        throw new IllegalStateException("the jobs did not complete within 10 minutes");
      }
      Waits.until(
          () -> api.completedJobs() >= submitted,
          Duration.ofNanos(Math.max(0, deadline - System.nanoTime())),
          Duration.ofMillis(5),
          () -> "the jobs did not complete within 10 minutes");
    }

    private HttpResponse<String> send(String method, String path, CharSequence body)
        throws IOException, InterruptedException {
      return api.send(method, path, body);
    }
  }
}
