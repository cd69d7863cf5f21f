package dev.ujm.server.bench.crawl;

import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.engine.Ujm;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.server.bench.ScratchDirectory;
import dev.ujm.store.sqlite.SqliteJobStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures crawl jobs end to end on this machine: real crawl jobs run by {@link Ujm} on a fresh
 * embedded (SQLite) store against generated sites served from memory by local HTTP servers. An
 * unmeasured warm-up crawl runs first, so the JIT has compiled the crawler before anything is
 * timed. Each phase:
 *
 * <ol>
 *   <li>starts the sites and a fresh UJM node whose crawl pool can run every crawl at once;
 *   <li>collects garbage and notes the heap in use;
 *   <li>submits the crawls and waits until every one has finished, sampling the heap every {@link
 *       #SAMPLE};
 *   <li>reports pages stored per second from the first submit to the last completion, the peak heap
 *       over the phase and the heap still in use after a collection;
 *   <li>stops the node and the sites, and deletes the store.
 * </ol>
 *
 * The phases are one crawl of one site, then many concurrent crawls of as many hosts (addresses
 * 127.0.0.1, 127.0.0.2, ... where the system routes all of 127/8 to loopback, else ports of
 * 127.0.0.1: the host limiter keys on host and port, so both are separate hosts to it). Sites set
 * no crawl-delay and the node's default delay is 0, so the crawler, not politeness, is measured.
 * Sites, crawler and store share this JVM, so heap numbers include the sites. Not thread-safe; one
 * run at a time.
 */
public final class CrawlBench {
  static final Duration SAMPLE = Duration.ofMillis(50);
  private static final Duration PHASE_LIMIT = Duration.ofMinutes(30);

  /**
   * What to run.
   *
   * @param sections sections of the single site (each holds {@code pagesPerSection} pages)
   * @param pagesPerSection pages per section of the single site
   * @param crawls concurrent crawls of the second phase
   * @param concurrentSections sections of each site of the second phase
   * @param concurrentPagesPerSection pages per section of each site of the second phase
   * @param fetchersPerJob {@code UJM_CRAWL_FETCHERS_PER_JOB}
   * @param connectionsPerHost {@code UJM_CRAWL_MAX_CONNECTIONS_PER_HOST}
   */
  public record Options(
      int sections,
      int pagesPerSection,
      int crawls,
      int concurrentSections,
      int concurrentPagesPerSection,
      int fetchersPerJob,
      int connectionsPerHost) {

    /** The documented run: one site of 2,041 pages; 100 sites of 111 pages at once. */
    public static Options defaults() {
      return new Options(40, 50, 100, 10, 10, 4, 4);
    }
  }

  /**
   * One measured phase.
   *
   * @param name what ran
   * @param crawls crawl jobs run
   * @param pages page records stored over all crawls
   * @param elapsed from the first submit to the last completion
   * @param heapBefore heap in use before, after a collection
   * @param peakHeap the largest heap in use seen during the phase
   * @param heapAfter heap in use at the end, after a collection, node still running
   */
  public record Phase(
      String name,
      int crawls,
      long pages,
      Duration elapsed,
      long heapBefore,
      long peakHeap,
      long heapAfter) {
    public double pagesPerSecond() {
      return pages / (elapsed.toNanos() / 1e9);
    }
  }

  /** The whole run; {@link #toString()} is the printable table. */
  public record Report(Options options, String hosts, List<Phase> phases) {
    @Override
    public String toString() {
      StringBuilder out = new StringBuilder();
      out.append(
          String.format(
              Locale.ROOT,
              "crawl benchmark: Java %s, %d CPUs, max heap %d MiB, hosts on %s%n",
              Runtime.version(),
              Runtime.getRuntime().availableProcessors(),
              Runtime.getRuntime().maxMemory() >> 20,
              hosts));
      out.append(
          String.format(
              Locale.ROOT,
              "settings: UJM_CRAWL_FETCHERS_PER_JOB=%d UJM_CRAWL_MAX_CONNECTIONS_PER_HOST=%d"
                  + " UJM_CRAWL_DEFAULT_DELAY_MS=0 UJM_CRAWL_ALLOW_PRIVATE_NETWORKS=true, embedded SQLite store%n",
              options.fetchersPerJob(),
              options.connectionsPerHost()));
      out.append(
          String.format(
              Locale.ROOT,
              "%-54s %8s %9s %9s %13s %13s %13s%n",
              "phase",
              "pages",
              "seconds",
              "pages/s",
              "heap before",
              "peak heap",
              "heap after"));
      for (Phase p : phases) {
        out.append(
            String.format(
                Locale.ROOT,
                "%-54s %8d %9.2f %9.0f %9d MiB %9d MiB %9d MiB%n",
                p.name(),
                p.pages(),
                p.elapsed().toMillis() / 1000.0,
                p.pagesPerSecond(),
                p.heapBefore() >> 20,
                p.peakHeap() >> 20,
                p.heapAfter() >> 20));
      }
      return out.toString();
    }
  }

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

  /** Runs both phases and returns their numbers. */
  public Report run(Options options) throws IOException, InterruptedException {
    List<Phase> phases = new ArrayList<>();
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (Sites warmUp = new Sites()) {
      warmUp.add(new BenchSite(loopback, 10, 20, null, false));
      phase("warm-up", warmUp.sites, options);
    }
    try (Sites one = new Sites()) {
      one.add(new BenchSite(loopback, options.sections(), options.pagesPerSection(), null, false));
      phases.add(
          phase(
              String.format(
                  Locale.ROOT, "1 crawl of 1 site (%d pages)", one.sites.get(0).pageCount()),
              one.sites,
              options));
    }
    boolean manyAddresses = canBind(InetAddress.getByName("127.0.0.2"));
    try (Sites many = new Sites()) {
      for (int i = 0; i < options.crawls(); i++) {
        InetAddress address =
            manyAddresses ? InetAddress.getByName("127.0.0." + (1 + i % 254)) : loopback;
        many.add(
            new BenchSite(
                address,
                options.concurrentSections(),
                options.concurrentPagesPerSection(),
                null,
                false));
      }
      phases.add(
          phase(
              String.format(
                  Locale.ROOT,
                  "%d concurrent crawls of %d hosts (%d pages each)",
                  options.crawls(),
                  options.crawls(),
                  many.sites.get(0).pageCount()),
              many.sites,
              options));
    }
    String hosts =
        manyAddresses
            ? "127.0.0.1-" + Math.min(254, options.crawls()) + " (one address each)"
            : "127.0.0.1 (one port each)";
    return new Report(options, hosts, phases);
  }

  private Phase phase(String name, List<BenchSite> sites, Options options)
      throws IOException, InterruptedException {
    Path dir = ScratchDirectory.create("ujm-crawl-bench");
    int largest = sites.stream().mapToInt(BenchSite::pageCount).max().orElse(1);
    Map<String, String> env = new HashMap<>();
    env.put("UJM_WORKERS_CRAWL", String.valueOf(sites.size()));
    env.put("UJM_CRAWL_DEFAULT_DELAY_MS", "0");
    env.put("UJM_CRAWL_FETCHERS_PER_JOB", String.valueOf(options.fetchersPerJob()));
    env.put("UJM_CRAWL_MAX_CONNECTIONS_PER_HOST", String.valueOf(options.connectionsPerHost()));
    env.put("UJM_CRAWL_MAX_PAGES", String.valueOf(Math.max(10_000, largest)));
    env.put("UJM_CRAWL_ALLOW_PRIVATE_NETWORKS", "true"); // the bench sites listen on 127.0.0.x
    env.put("LOG_LEVEL", "WARN");
    CountDownLatch finished = new CountDownLatch(sites.size());
    try (SqliteJobStore store =
        SqliteJobStore.open(dir.resolve("ujm.db"), InstantSource.system())) {
      store.addListener(
          update -> {
            if (update.isStateChange() && update.job().state().isFinal()) {
              finished.countDown();
            }
          });
      Ujm ujm =
          Ujm.builder()
              .store(store)
              .config(UjmConfig.from(env))
              .nodeId("crawl-bench")
              .build()
              .start();
      try {
        long before = heapAfterCollection();
        AtomicLong peak = new AtomicLong(before);
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler =
            Thread.ofPlatform()
                .daemon()
                .name("crawl-bench-heap")
                .start(() -> sample(peak, sampling));
        long start = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (BenchSite site : sites) {
          Map<String, Object> payload =
              Map.of("url", site.base(), "maxPages", site.pageCount(), "maxDepth", 3);
          ids.add(ujm.submit(NewJob.ofType("crawl").payload(payload).build()).job().id());
        }
        if (!finished.await(PHASE_LIMIT.toMinutes(), TimeUnit.MINUTES)) {
          throw new IllegalStateException(name + ": crawls did not finish within " + PHASE_LIMIT);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        sampling.set(false);
        sampler.join();
        long pages = 0;
        for (String id : ids) {
          Job job = store.get(id).orElseThrow();
          if (job.state() != JobState.COMPLETED) {
            throw new IllegalStateException(
                name + ": crawl " + id + " ended " + job.state() + ": " + job.lastError());
          }
          pages += job.result().get("pagesStored").asLong();
        }
        return new Phase(
            name, sites.size(), pages, elapsed, before, peak.get(), heapAfterCollection());
      } finally {
        ujm.stop(Duration.ofSeconds(5));
      }
    } finally {
      ScratchDirectory.delete(dir);
    }
  }

  private void sample(AtomicLong peak, AtomicBoolean sampling) {
    while (sampling.get()) {
      peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
      try {
        TimeUnit.MILLISECONDS.sleep(
            SAMPLE.toMillis()); // a sampling period, not a wait for anything
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private long heapAfterCollection() {
    memory.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static boolean canBind(InetAddress address) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(address, 0));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The sites of one phase, stopped together. */
  private static final class Sites implements AutoCloseable {
    final List<BenchSite> sites = new ArrayList<>();

    void add(BenchSite site) {
      sites.add(site);
    }

    @Override
    public void close() {
      sites.forEach(BenchSite::close);
    }
  }
}
