package dev.ujm.jobs.crawl;

import crawlercommons.robots.BaseRobotRules;
import dev.ujm.core.handler.JobContext;
import dev.ujm.core.handler.JobOutcome;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * One attempt of one crawl job. Its loop:
 *
 * <ol>
 *   <li>refuse a seed whose host resolves to an address crawls may not reach ({@link
 *       AddressGuard}): the job fails for good with {@code crawl.address-not-allowed} before
 *       anything is fetched;
 *   <li>restore the frontier from the previous attempt's checkpoint, or start from the seed;
 *       register the checkpoint supplier, which the worker runtime calls every {@code
 *       UJM_CHECKPOINT_SECONDS} and at hand-back;
 *   <li>on a fresh crawl, read the seed site's sitemaps into the frontier;
 *   <li>start the fetch workers (virtual threads carrying the job's MDC), each taking URLs from the
 *       frontier and visiting them until none is left;
 *   <li>meanwhile, every {@link #TICK}: store finished pages in batches, report progress, and on
 *       cancellation tell the workers to stop (they stop within {@link HostLimiter#POLL});
 *   <li>when the workers are done: store the remaining pages and return the summary (or
 *       "cancelled").
 * </ol>
 *
 * Not thread-safe itself; its state is.
 */
final class CrawlRun {
  /** The error type of a crawl whose seed host resolves to an address crawls may not reach. */
  static final String ERROR_ADDRESS_NOT_ALLOWED = "crawl.address-not-allowed";

  static final Duration TICK = Duration.ofMillis(250);
  private static final Duration WORKER_STOP_WAIT = Duration.ofSeconds(2);

  private final JobContext<CrawlPayload> ctx;
  private final CrawlDependencies deps;
  private final CrawlPayload payload;
  private final String seedUrl;
  private final String userAgent;
  private final Logger log;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final BooleanSupplier cancelled;
  private final AtomicReference<PageRecord> seedRecord = new AtomicReference<>();
  private CrawlState state;
  private boolean resumed;
  private long earlierElapsedMs;
  private CrawlCounts countsAtStart;
  private Instant started;
  private Instant lastFlush;

  CrawlRun(JobContext<CrawlPayload> ctx, CrawlDependencies deps) {
    this.ctx = ctx;
    this.deps = deps;
    this.payload = ctx.payload();
    this.seedUrl =
        new UrlNormalizer()
            .normalize(payload.url())
            .orElseThrow(() -> new IllegalArgumentException("uncrawlable seed " + payload.url()));
    this.userAgent =
        payload.userAgent() != null ? payload.userAgent() : deps.settings().userAgent();
    this.log = ctx.log();
    this.cancelled = () -> stop.get() || ctx.isCancelled();
  }

  JobOutcome execute() throws Exception {
    AddressGuard.Verdict seedVerdict = deps.guard().check(seedUrl);
    if (seedVerdict.refused()) {
      log.warn("crawl of {} refused: {}", seedUrl, seedVerdict.detail());
      return JobOutcome.failed(
          ERROR_ADDRESS_NOT_ALLOWED,
          "seed " + seedUrl + " is not crawled: " + seedVerdict.detail());
    }
    started = ctx.clock().instant();
    lastFlush = started;
    restoreOrStart();
    ctx.checkpointWith(() -> state.snapshot(elapsed()));
    List<Thread> workers = new ArrayList<>();
    try {
      crawl(workers);
    } catch (CancellationException e) {
      stop.set(true);
    } catch (InterruptedException e) {
      stop.set(true);
      stopWorkers(workers, true);
      flushQuietly();
      throw e;
    } catch (RuntimeException e) {
      stop.set(true);
      stopWorkers(workers, false);
      if (!ctx.isCancelled()) {
        throw e;
      }
    }
    stopWorkers(workers, false);
    if (!stop.get() && !ctx.isCancelled()) {
      try {
        return finish();
      } catch (RuntimeException e) {
        if (!ctx.isCancelled()) {
          throw e;
        }
      }
    }
    flushQuietly();
    log.info(
        "crawl of {} stopped after {} pages; the pages stored so far are kept",
        seedUrl,
        state.view().counts().pagesStored());
    return JobOutcome.cancelled();
  }

  /** Steps 3 to 5 of the loop; returns when the workers are done or the crawl was cancelled. */
  private void crawl(List<Thread> workers) throws InterruptedException {
    if (!state.view().sitemapsRead()) {
      readSitemaps();
    }
    PageVisitor visitor =
        new PageVisitor(payload, userAgent, state, deps, ctx.clock(), ctx.attempt());
    Map<String, String> mdc = jobMdc();
    int count = Math.max(1, Math.min(deps.settings().fetchersPerJob(), payload.maxPages()));
    for (int i = 0; i < count; i++) {
      workers.add(
          Thread.ofVirtual()
              .name("crawl-" + ctx.job().id() + "-" + i)
              .start(deps.spans().carrying(() -> work(visitor, mdc))));
    }
    while (workers.stream().anyMatch(Thread::isAlive)) {
      if (ctx.isCancelled()) {
        stop.set(true);
        return;
      }
      state.awaitChange(TICK);
      flush(false);
      reportProgress();
    }
  }

  private void restoreOrStart() {
    var settings = deps.settings();
    Optional<CrawlCheckpoint> checkpoint = ctx.checkpoint(CrawlCheckpoint.class);
    if (checkpoint.isPresent() && checkpoint.get().version() == CrawlCheckpoint.VERSION) {
      CrawlCheckpoint cp = checkpoint.get();
      state =
          CrawlState.restore(cp, payload.maxPages(), payload.maxDepth(), settings.maxFrontier());
      resumed = true;
      earlierElapsedMs = cp.elapsedMs();
      log.info(
          "crawl of {} resumed at attempt {}: {} pages stored, {} URLs queued",
          seedUrl,
          ctx.attempt(),
          cp.counts().pagesStored(),
          cp.frontier().size());
    } else {
      state =
          CrawlState.fresh(seedUrl, payload.maxPages(), payload.maxDepth(), settings.maxFrontier());
      log.info(
          "crawl of {} started: maxPages {}, maxDepth {}",
          seedUrl,
          payload.maxPages(),
          payload.maxDepth());
    }
    countsAtStart = state.view().counts();
  }

  private void readSitemaps() throws InterruptedException {
    List<FrontierEntry> entries = new ArrayList<>();
    if (payload.respectRobots() && payload.maxDepth() >= 1) {
      BaseRobotRules rules = deps.robots().rulesFor(seedUrl, userAgent, cancelled);
      CrawlScope scope = CrawlScope.of(payload);
      for (String url : deps.sitemaps().pageUrls(rules, userAgent, payload.maxPages(), cancelled)) {
        if (scope.allows(url)) {
          entries.add(new FrontierEntry(url, 1));
        }
      }
      if (!entries.isEmpty()) {
        log.info("sitemaps of {} list {} URLs", seedUrl, entries.size());
      }
    }
    state.addSitemapUrls(entries);
  }

  private void work(PageVisitor visitor, Map<String, String> mdc) {
    MDC.setContextMap(mdc);
    try {
      while (true) {
        Optional<CrawlState.Visit> next = state.next(cancelled);
        if (next.isEmpty()) {
          return;
        }
        CrawlState.Visit visit = next.get();
        PageVisitor.Outcome outcome;
        try {
          outcome = visitor.visit(visit, cancelled);
        } catch (RuntimeException e) {
          if (e instanceof CancellationException) {
            throw e;
          }
          log.warn("crawling {} failed unexpectedly", visit.entry.url(), e);
          Instant now = ctx.clock().instant();
          PageRecord failed =
              new PageRecord.Builder(visit.entry, ctx.attempt())
                  .error("internal error: " + e)
                  .fetchedAt(now)
                  .build();
          outcome = new PageVisitor.Outcome(failed, List.of());
        }
        if (visit.entry.depth() == 0 && visit.entry.url().equals(seedUrl)) {
          seedRecord.set(outcome.record());
        }
        state.finish(visit, outcome.record(), outcome.links());
      }
    } catch (CancellationException | InterruptedException e) {
      // stopping: the URL in hand stays in flight, so the checkpoint puts it back in the frontier
    } finally {
      MDC.clear();
    }
  }

  private Map<String, String> jobMdc() {
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    Map<String, String> copy = mdc == null ? new HashMap<>() : new HashMap<>(mdc);
    copy.putIfAbsent("jobId", ctx.job().id());
    return copy;
  }

  /** Waits for the workers to stop (they poll {@link #stop}); interrupts any that do not. */
  private void stopWorkers(List<Thread> workers, boolean interrupt) throws InterruptedException {
    if (interrupt) {
      workers.forEach(Thread::interrupt);
    }
    for (Thread worker : workers) {
      if (!worker.join(WORKER_STOP_WAIT)) {
        worker.interrupt();
        worker.join(WORKER_STOP_WAIT);
      }
    }
  }

  /**
   * Stores finished pages when a batch is full or has waited long enough (or always, when forced).
   * Until a page was fetched or the seed answered, nothing is stored: an attempt whose seed turns
   * out unreachable is retried from the start, and its record must not be listed once per attempt.
   */
  private void flush(boolean force) {
    if (!force && !seedAnswered()) {
      return;
    }
    Instant now = ctx.clock().instant();
    boolean due =
        !Duration.between(lastFlush, now).minus(deps.settings().resultFlushInterval()).isNegative();
    if (!force && !due && state.view().pending() < deps.settings().resultBatch()) {
      return;
    }
    List<PageRecord> records = state.drainPending();
    if (!records.isEmpty()) {
      ctx.appendResults(records);
      state.commitFlushed();
    }
    lastFlush = now;
  }

  private void flushQuietly() {
    try {
      flush(true);
    } catch (RuntimeException e) {
      log.info("pages of the last moments of the crawl were not stored: {}", e.toString());
    }
  }

  private void reportProgress() {
    CrawlState.View now = state.view();
    Duration thisAttempt = Duration.between(started, ctx.clock().instant());
    ctx.progress(
        CrawlProgress.of(
            now.counts(), now.remaining(), countsAtStart, thisAttempt, now.currentUrl()));
  }

  /** Whether a page was fetched or the seed gave an answer that is not "unreachable". */
  private boolean seedAnswered() {
    if (state.view().counts().pagesFetched() > 0) {
      return true;
    }
    PageRecord seed = seedRecord.get();
    return seed != null && !isUnreachable(seed);
  }

  private static boolean isUnreachable(PageRecord seed) {
    return PageRecord.SKIPPED_ROBOTS_UNREACHABLE.equals(seed.skipped())
        || (seed.status() == null && seed.error() != null)
        || (seed.status() != null && (seed.status() >= 500 || seed.status() == 429));
  }

  private Duration elapsed() {
    return Duration.ofMillis(earlierElapsedMs)
        .plus(Duration.between(started, ctx.clock().instant()));
  }

  private JobOutcome finish() throws IOException {
    CrawlState.View end = state.view();
    CrawlCounts c = end.counts();
    PageRecord seed = seedRecord.get();
    if (seed != null && c.pagesFetched() == 0) {
      if (PageRecord.SKIPPED_ADDRESS_NOT_ALLOWED.equals(seed.skipped())) {
        flush(true);
        reportProgress();
        String host = URI.create(seed.finalUrl() != null ? seed.finalUrl() : seedUrl).getHost();
        return JobOutcome.failed(
            ERROR_ADDRESS_NOT_ALLOWED,
            "seed "
                + seedUrl
                + " is not crawled: host "
                + host
                + " resolves to an internal address");
      }
      String why =
          seed.error() != null
              ? seed.error()
              : seed.status() != null ? "status " + seed.status() : seed.skipped();
      if (isUnreachable(seed)) {
        reportProgress();
        throw new IOException(
            "seed " + seedUrl + " is unreachable (" + why + "); the attempt will be retried");
      }
      if (seed.status() != null && seed.status() >= 400) {
        flush(true);
        reportProgress();
        return JobOutcome.failed("crawl.seed-failed", "seed " + seedUrl + " answered " + why);
      }
    }
    flush(true);
    reportProgress();
    Duration total = elapsed();
    long left = end.frontier();
    CrawlSummary summary =
        new CrawlSummary(
            seedUrl,
            c.pagesStored(),
            c.pagesFetched(),
            c.failed(),
            c.skippedByRobots(),
            c.duplicates(),
            c.otherSkips(),
            c.nonHtml(),
            c.redirects(),
            c.bytes(),
            end.seen(),
            end.droppedLinks(),
            left,
            left > 0 && c.requests() >= payload.maxPages(),
            total.toMillis(),
            CrawlProgress.rate(c.pagesStored(), total),
            resumed);
    log.info(
        "crawl of {} done: {} fetched, {} failed, {} skipped by robots, {} duplicates in {} ms",
        seedUrl,
        c.pagesFetched(),
        c.failed(),
        c.skippedByRobots(),
        c.duplicates(),
        total.toMillis());
    return JobOutcome.completed(summary);
  }
}
