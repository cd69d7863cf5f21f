package dev.ujm.server.bench;

import dev.ujm.core.auth.ApiKeys;
import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.server.UjmServer;
import dev.ujm.server.engine.Engine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ujm bench distributed}: no-op jobs and HTTP submits on the distributed store, with one
 * node or several in this process, all on the Redis and MongoDB of {@code UJM_REDIS_URI} and {@code
 * UJM_MONGO_URI}. Each run gets a database (and so a Redis namespace) of its own.
 *
 * <ol>
 *   <li>Start {@code --nodes} servers ({@code UJM_STORE=redis-mongo}), each with a data directory
 *       of its own, and wait until each sees every node.
 *   <li>End to end: submit {@code --jobs} no-op jobs in batches of {@code --batch}, the batches
 *       spread over the nodes, while every node's workers run; from the first submit to the last
 *       completion (counted by each node's store as its workers commit them).
 *   <li>Submit latency: {@code POST /api/v2/jobs} at {@code --rate} in all, spread evenly over the
 *       nodes, open loop ({@link KeepAliveLoad}), the warm-up dropped.
 *   <li>Print the median of the runs.
 * </ol>
 */
@Command(
    name = "distributed",
    description =
        "No-op jobs per second end to end and HTTP submit latency on Redis + MongoDB"
            + " (UJM_REDIS_URI, UJM_MONGO_URI), with one node or several, in process.")
final class DistributedBench implements Runnable {
  private static final String BENCH_KEY = "ujm-bench-admin-key-0123456789abcdef";

  @Spec CommandSpec spec;

  @Option(
      names = "--nodes",
      defaultValue = "1",
      description = "Nodes sharing the store (default ${DEFAULT-VALUE}).")
  int nodes;

  @Option(
      names = "--jobs",
      defaultValue = "20000",
      description = "Jobs of the end-to-end phase (default ${DEFAULT-VALUE}).")
  int jobs;

  @Option(
      names = "--batch",
      defaultValue = "1000",
      description = "Jobs per batch submit (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--workers",
      defaultValue = "64",
      description = "Pool size of the noop queue on each node (default ${DEFAULT-VALUE}).")
  int workers;

  @Option(
      names = "--rate",
      defaultValue = "1000",
      description = "Submits per second over all nodes (default ${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--duration",
      defaultValue = "20s",
      description = "Measured time of the submit phase (default ${DEFAULT-VALUE}).")
  String duration;

  @Option(
      names = "--warmup",
      defaultValue = "10s",
      description = "Unmeasured time before it (default ${DEFAULT-VALUE}).")
  String warmup;

  @Option(
      names = "--runs",
      defaultValue = "3",
      description = "Runs; the median is reported (default ${DEFAULT-VALUE}).")
  int runs;

  @Override
  public void run() {
    BenchCommand.quietLogs();
    PrintWriter out = spec.commandLine().getOut();
    Map<String, List<Double>> results = new LinkedHashMap<>();
    for (int run = 1; run <= runs; run++) {
      try (Cluster cluster = new Cluster()) {
        record(results, "end to end (jobs/s)", cluster.endToEnd());
        long[] latencies = cluster.submitLatencies();
        int n = latencies.length;
        record(results, "submit p50 (ms)", Samples.percentile(latencies, n, 50) / 1e6);
        record(results, "submit p99 (ms)", Samples.percentile(latencies, n, 99) / 1e6);
        record(results, "submit p99.9 (ms)", Samples.percentile(latencies, n, 99.9) / 1e6);
        record(results, "submit max (ms)", Samples.percentile(latencies, n, 100) / 1e6);
        record(results, "submit errors", cluster.errors);
      }
      out.printf("run %d of %d done%n", run, runs);
      out.flush();
    }
    out.printf(
        "%nujm bench distributed --nodes %d --jobs %d --batch %d --workers %d --rate %d"
            + " --duration %s --warmup %s --runs %d%n",
        nodes, jobs, batch, workers, rate, duration, warmup, runs);
    out.printf("%-28s %10s   %s%n", "measure", "median", "runs");
    results.forEach(
        (name, values) ->
            out.printf(
                "%-28s %10.2f   %s%n",
                name,
                Samples.median(values),
                values.stream().map(v -> String.format("%.2f", v)).toList()));
    out.flush();
  }

  private static void record(Map<String, List<Double>> results, String name, double value) {
    results.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
  }

  /** The nodes of one run, on a database of their own; counts completions over all nodes. */
  private final class Cluster implements AutoCloseable {
    final List<UjmServer> servers = new ArrayList<>();
    final List<Path> dirs = new ArrayList<>();
    final AtomicLong completed = new AtomicLong();
    volatile long target = Long.MAX_VALUE;
    final CountDownLatch done = new CountDownLatch(1);
    int errors;

    Cluster() {
      Map<String, String> env = new HashMap<>(System.getenv());
      env.keySet().removeIf(name -> name.startsWith("UJM_") && !isBackendSetting(name));
      env.put("UJM_STORE", "redis-mongo");
      env.put("UJM_MONGO_DB", "ujm_bench_" + UUID.randomUUID().toString().substring(0, 8));
      env.put("UJM_PORT", "0");
      env.put("UJM_ADMIN_KEY", BENCH_KEY);
      env.put("UJM_WORKERS_NOOP", String.valueOf(workers));
      env.put("LOG_LEVEL", "WARN");
      try {
        for (int i = 0; i < nodes; i++) {
          Path dir = ScratchDirectory.create("ujm-bench-node");
          dirs.add(dir);
          env.put("UJM_DATA_DIR", dir.toString());
          UjmServer server = UjmServer.start(UjmConfig.from(env));
          servers.add(server);
          if (!server.backend().isUp()) {
            throw new IllegalStateException(
                "the distributed store did not open: " + server.backend().readiness().detail());
          }
          server
              .backend()
              .engine()
              .jobs()
              .store()
              .addListener(
                  update -> {
                    if (update.isStateChange()
                        && update.job().state() == JobState.COMPLETED
                        && completed.incrementAndGet() >= target) {
                      done.countDown();
                    }
                  });
        }
        awaitAllNodesSeen();
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    double endToEnd() {
      target = jobs;
      long start = System.nanoTime();
      for (int from = 0, b = 0; from < jobs; from += batch, b++) {
        int size = Math.min(batch, jobs - from);
        List<NewJob> chunk = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          chunk.add(NewJob.ofType("noop").tenant(ApiKeys.DEFAULT_TENANT).owner("admin").build());
        }
        engine(b % nodes).jobs().submitAll(chunk);
      }
      try {
        if (!done.await(10, TimeUnit.MINUTES)) {
          throw new IllegalStateException(
              "only " + completed.get() + " of " + jobs + " jobs completed in 10 minutes");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return jobs / ((System.nanoTime() - start) / 1e9);
    }

    /** Latencies of the measured submits of every node, warm-up dropped. */
    long[] submitLatencies() {
      int perNode = Math.max(1, rate / nodes);
      long period = 1_000_000_000L / perNode;
      long warmupNanos = SubmitLatencyBench.parse(warmup).toNanos();
      int total = (int) ((warmupNanos + SubmitLatencyBench.parse(duration).toNanos()) / period);
      int skip = (int) (warmupNanos / period);
      List<CompletableFuture<KeepAliveLoad.Run>> loads = new ArrayList<>();
      for (UjmServer server : servers) {
        KeepAliveLoad load =
            new KeepAliveLoad(
                server.url(), "/api/v2/jobs", BENCH_KEY, "{\"type\":\"noop\"}", 64 / nodes);
        loads.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return load.run(total, perNode, 201);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                  }
                }));
      }
      long[] measured = new long[(total - skip) * servers.size()];
      int at = 0;
      for (CompletableFuture<KeepAliveLoad.Run> load : loads) {
        KeepAliveLoad.Run run = load.join();
        errors += run.errors();
        if (run.firstError() != null) {
          spec.commandLine().getErr().printf("first error: %s%n", run.firstError());
        }
        System.arraycopy(run.latencies(), skip, measured, at, total - skip);
        at += total - skip;
      }
      return measured;
    }

    private Engine engine(int node) {
      return servers.get(node).backend().engine();
    }

    private void awaitAllNodesSeen() {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      for (int i = 0; i < nodes; i++) {
        while (engine(i).nodes().liveNodes().size() < nodes) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the nodes did not see each other within 60 s");
          }
          java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
      }
    }

    @Override
    public void close() {
      servers.forEach(UjmServer::close);
      dirs.forEach(ScratchDirectory::delete);
    }
  }

  private static boolean isBackendSetting(String name) {
    return name.equals("UJM_REDIS_URI") || name.equals("UJM_MONGO_URI");
  }
}
