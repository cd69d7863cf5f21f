package dev.ujm.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.config.ConfigException;
import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.model.Json;
import dev.ujm.server.bench.ScratchDirectory;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs the service's hot paths before {@code ujm serve} opens its port, so that the first minute
 * after a start is as fast as the tenth. A JVM starts by interpreting its code and compiles the
 * methods that run often while they run: without this, the first tens of thousands of jobs after a
 * start ran at half the rate of later ones and single submits waited on the compiler.
 *
 * <p>For {@code UJM_WARMUP_SECONDS} (default {@value #DEFAULT_SECONDS}; {@code 0} skips it) from
 * the moment it is up, a private server of the same build takes no-op jobs over HTTP and runs them
 * (at least one batch and one single job of each client, however short the time): batches of
 * {@value #BATCH}, and single submits and reads from {@value #CLIENTS} clients at once. It is its
 * own embedded store in a scratch directory, on a free port of 127.0.0.1, with a key of its own,
 * and it is closed and its directory deleted before the real server starts. Nothing of it reaches
 * the configured store, its port, its metrics or its logs; the JIT's compiled code, which belongs
 * to the classes both servers share, is what stays.
 *
 * <p>A warm-up that fails (no scratch directory, say) is logged and skipped: it never stops a
 * start.
 */
public final class StartupWarmup {
  /** {@code UJM_WARMUP_SECONDS}: how long {@code ujm serve} warms up before it starts. */
  public static final String SETTING = "UJM_WARMUP_SECONDS";

  static final int DEFAULT_SECONDS = 30;
  private static final int MAX_SECONDS = 600;
  private static final int BATCH = 1_000;
  private static final int BATCHES_AHEAD = 5;
  private static final int CLIENTS = 8;
  private static final Duration FINISH_WITHIN = Duration.ofSeconds(10);
  private static final int MIN_SECONDS = 3;
  private static final int QUIET_COMPILE_MILLIS = 200;

  /**
   * What one warm-up did: the jobs it submitted and those that completed, how long it took, and
   * whether it ended because the JIT went quiet (else its time ran out).
   */
  public record Summary(long submitted, long completed, Duration took, boolean jitWentQuiet) {}

  private final Duration budget;
  private final int workers;

  private StartupWarmup(Duration budget, int workers) {
    this.budget = budget;
    this.workers = workers;
  }

  /**
   * The warm-up a configuration asks for: {@code UJM_WARMUP_SECONDS} long, with the configured pool
   * size.
   *
   * @throws ConfigException when the setting is not a whole number of seconds from 0 to 600
   */
  public static StartupWarmup of(UjmConfig config) {
    return new StartupWarmup(Duration.ofSeconds(seconds(config.settings())), config.workers());
  }

  /** The problem with {@code UJM_WARMUP_SECONDS}, for {@link UjmServer#checkConfig}. */
  static List<String> problems(Map<String, String> settings) {
    try {
      seconds(settings);
      return List.of();
    } catch (ConfigException e) {
      return e.problems();
    }
  }

  private static int seconds(Map<String, String> settings) {
    String value = settings.get(SETTING);
    if (value == null || value.isBlank()) {
      return DEFAULT_SECONDS;
    }
    try {
      int seconds = Integer.parseInt(value.trim());
      if (seconds >= 0 && seconds <= MAX_SECONDS) {
        return seconds;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(
        List.of(
            SETTING
                + "='"
                + value
                + "' must be a whole number of seconds from 0 (no warm-up) to "
                + MAX_SECONDS));
  }

  /** Whether there is anything to run. */
  public boolean enabled() {
    return !budget.isZero();
  }

  public Duration budget() {
    return budget;
  }

  /**
   * Runs the warm-up to its end and deletes what it wrote.
   *
   * @throws IOException when the scratch directory cannot be made or the private server fails
   */
  public Summary run() throws IOException, InterruptedException {
    long start = System.nanoTime();
    Path dir = Files.createTempDirectory("ujm-warmup");
    try {
      byte[] secret = new byte[16];
      new SecureRandom().nextBytes(secret);
      String key = "ujm-warmup-" + HexFormat.of().formatHex(secret);
      UjmConfig config =
          UjmConfig.from(
              Map.of(
                  "UJM_PORT",
                  "0",
                  "UJM_BIND",
                  "127.0.0.1",
                  "UJM_DATA_DIR",
                  dir.resolve("data").toString(),
                  "UJM_ADMIN_KEY",
                  key,
                  "UJM_WORKERS",
                  String.valueOf(workers)));
      try (UjmServer server = UjmServer.start(config);
          ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
        Ending ending = new Ending(budget);
        Load load = new Load(server.url(), key, ending);
        List<Future<Void>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          running.add(clients.submit(load::singles));
        }
        load.batches();
        for (Future<Void> client : running) {
          try {
            client.get();
          } catch (ExecutionException e) {
            throw new IOException("a warm-up client failed", e.getCause());
          }
        }
        long completed = load.awaitLast();
        return new Summary(
            load.submitted.get(),
            completed,
            Duration.ofNanos(System.nanoTime() - start),
            ending.jitWentQuiet());
      }
    } finally {
      ScratchDirectory.delete(dir);
    }
  }

  /**
   * When the load stops: once the JIT has gone quiet (its compilers spent less than {@value
   * #QUIET_COMPILE_MILLIS} ms over the last second, after at least {@value #MIN_SECONDS} s: the hot
   * paths are compiled), or when the budget runs out, whichever comes first. Thread-safe.
   */
  private static final class Ending {
    private final long start = System.nanoTime();
    private final long deadline;
    private final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    private long lastLook = start;
    private long compiledMillis = compileMillis();
    private volatile boolean quiet;
    private volatile boolean over;

    Ending(Duration budget) {
      this.deadline = start + budget.toNanos();
    }

    boolean reached() {
      if (!over) {
        look();
      }
      return over;
    }

    boolean jitWentQuiet() {
      return quiet;
    }

    private synchronized void look() {
      long now = System.nanoTime();
      if (now >= deadline) {
        over = true;
      } else if (now - lastLook >= TimeUnit.SECONDS.toNanos(1)) {
        long compiled = compileMillis();
        if (compiled >= 0
            && now - start >= TimeUnit.SECONDS.toNanos(MIN_SECONDS)
            && compiled - compiledMillis < QUIET_COMPILE_MILLIS * (now - lastLook) / 1e9) {
          quiet = true;
          over = true;
        }
        lastLook = now;
        compiledMillis = compiled;
      }
    }

    /** The compilers' time so far; -1 (never quiet) when the JVM does not tell. */
    private long compileMillis() {
      return jit != null && jit.isCompilationTimeMonitoringSupported()
          ? jit.getTotalCompilationTime()
          : -1;
    }
  }

  /**
   * The private server's load, as clients of the API send it until the warm-up ends: one producer
   * of batches, which waits for its jobs to finish every {@value #BATCHES_AHEAD} batches so that
   * the workers' completions and claims run at full speed too, and clients that submit single jobs
   * and read them back.
   */
  private static final class Load {
    private final KeyedApiClient api;
    private final Ending ending;
    private final AtomicLong submitted = new AtomicLong();
    private volatile String last;

    Load(URI base, String key, Ending ending) {
      this.api = new KeyedApiClient(base, key);
      this.ending = ending;
    }

    void batches() throws IOException, InterruptedException {
      String body =
          Stream.generate(() -> "{\"type\":\"noop\"}")
              .limit(BATCH)
              .collect(Collectors.joining(",", "{\"jobs\":[", "]}"));
      int sent = 0;
      do {
        JsonNode jobs = json(send("POST", "/api/v2/jobs/batch", body, 201)).path("jobs");
        last = jobs.get(jobs.size() - 1).path("id").asText();
        submitted.addAndGet(jobs.size());
        if (++sent % BATCHES_AHEAD == 0) {
          awaitLast();
        }
      } while (!ending.reached());
    }

    Void singles() throws IOException, InterruptedException {
      do {
        String id =
            json(send("POST", "/api/v2/jobs", "{\"type\":\"noop\"}", 201)).path("id").asText();
        submitted.incrementAndGet();
        send("GET", "/api/v2/jobs/" + id, null, 200);
      } while (!ending.reached());
      return null;
    }

    /** Waits (long-polls) until the last batched job finished; returns the jobs completed. */
    long awaitLast() throws IOException, InterruptedException {
      String job = last;
      if (job != null) {
        api.awaitCompleted(job, System.nanoTime() + FINISH_WITHIN.toNanos());
      }
      return api.completedJobs();
    }

    private HttpResponse<String> send(String method, String path, String body, int expected)
        throws IOException, InterruptedException {
      HttpResponse<String> answer = api.send(method, path, body);
      if (answer.statusCode() != expected) {
        throw new IOException(
            method + " " + path + " answered " + answer.statusCode() + ": " + answer.body());
      }
      return answer;
    }

    private static JsonNode json(HttpResponse<String> answer) throws IOException {
      return Json.mapper().readTree(answer.body());
    }
  }
}
