package dev.ujm.jobs.crawl;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The frontier, the visited set and the totals of one crawl attempt, shared by its fetch workers,
 * its result writer and the checkpoint saver. A URL moves frontier → in flight ({@link #next}) →
 * pending ({@link #finish}) → flushing ({@link #drainPending}) → committed ({@link
 * #commitFlushed}), the last step once its record is stored.
 *
 * <p>{@link #snapshot} describes committed pages only: everything not yet committed goes back to
 * the front of the frontier, and the URLs and content hashes it had claimed are released, so a
 * resumed attempt fetches it again and no page goes missing. Thread-safe: one lock guards
 * everything.
 */
final class CrawlState {
  /**
   * One URL being crawled, with what it claimed on the way (redirect targets, its content hash).
   */
  static final class Visit {
    final FrontierEntry entry;
    private final List<String> claimedUrls = new ArrayList<>(1);
    private String claimedHash;

    Visit(FrontierEntry entry) {
      this.entry = entry;
    }
  }

  private record Done(Visit visit, PageRecord record) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final int maxPages;
  private final int maxDepth;
  private final int maxFrontier;
  private final ArrayDeque<FrontierEntry> frontier = new ArrayDeque<>();
  private final Set<String> seen = new LinkedHashSet<>();
  private final Map<String, String> hashes = new HashMap<>();
  private final Map<String, Visit> inFlight = new LinkedHashMap<>();
  private final List<Done> pending = new ArrayList<>();
  private final List<Done> flushing = new ArrayList<>();
  private CrawlCounts committed = CrawlCounts.ZERO;
  private CrawlCounts live = CrawlCounts.ZERO;
  private long droppedLinks;
  private boolean sitemapsRead;
  private String currentUrl;

  private CrawlState(int maxPages, int maxDepth, int maxFrontier) {
    this.maxPages = maxPages;
    this.maxDepth = maxDepth;
    this.maxFrontier = maxFrontier;
  }

  /** A new crawl from its seed. */
  static CrawlState fresh(String seedUrl, int maxPages, int maxDepth, int maxFrontier) {
    CrawlState state = new CrawlState(maxPages, maxDepth, maxFrontier);
    state.seen.add(seedUrl);
    state.frontier.add(new FrontierEntry(seedUrl, 0));
    return state;
  }

  /** A crawl resumed from an earlier attempt's checkpoint. */
  static CrawlState restore(
      CrawlCheckpoint checkpoint, int maxPages, int maxDepth, int maxFrontier) {
    CrawlState state = new CrawlState(maxPages, maxDepth, maxFrontier);
    state.frontier.addAll(checkpoint.frontier());
    state.seen.addAll(checkpoint.seen());
    checkpoint.frontier().forEach(e -> state.seen.add(e.url()));
    state.hashes.putAll(checkpoint.contentHashes());
    state.committed = checkpoint.counts();
    state.live = checkpoint.counts();
    state.sitemapsRead = checkpoint.sitemapsRead();
    return state;
  }

  /**
   * The next URL to crawl, waiting while other workers may still add some. Empty when the crawl is
   * over: nothing is queued (or {@code maxPages} requests are used up) and nothing is in flight.
   *
   * @throws CancellationException when {@code cancelled} turned true
   */
  Optional<Visit> next(BooleanSupplier cancelled) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (true) {
        if (cancelled.getAsBoolean()) {
          throw new CancellationException("crawl cancelled");
        }
        if (!frontier.isEmpty() && live.requests() + inFlight.size() < maxPages) {
          Visit visit = new Visit(frontier.pollFirst());
          inFlight.put(visit.entry.url(), visit);
          currentUrl = visit.entry.url();
          return Optional.of(visit);
        }
        if (inFlight.isEmpty()) {
          return Optional.empty();
        }
        changed.await(HostLimiter.POLL.toNanos(), TimeUnit.NANOSECONDS);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Claims a URL met on the way (a redirect target); false when it was already queued or crawled.
   */
  boolean claimUrl(Visit visit, String url) {
    lock.lock();
    try {
      if (!seen.add(url)) {
        return false;
      }
      visit.claimedUrls.add(url);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Claims a content hash for this visit's page; returns the URL that already had it, if any. */
  Optional<String> claimHash(Visit visit, String hash, String url) {
    lock.lock();
    try {
      String first = hashes.putIfAbsent(hash, url);
      if (first == null) {
        visit.claimedHash = hash;
      }
      return Optional.ofNullable(first);
    } finally {
      lock.unlock();
    }
  }

  /** Queues URLs found outside pages (sitemaps) and notes that the sitemaps were read. */
  void addSitemapUrls(List<FrontierEntry> entries) {
    lock.lock();
    try {
      entries.forEach(this::enqueue);
      sitemapsRead = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Records the outcome of a visit and queues the links it found that are new and within {@code
   * maxDepth}.
   */
  void finish(Visit visit, PageRecord record, List<FrontierEntry> links) {
    lock.lock();
    try {
      inFlight.remove(visit.entry.url());
      pending.add(new Done(visit, record));
      live = live.plus(record);
      links.forEach(this::enqueue);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes the records waiting to be stored; they stay uncommitted until {@link #commitFlushed()}.
   */
  List<PageRecord> drainPending() {
    lock.lock();
    try {
      flushing.addAll(pending);
      pending.clear();
      return flushing.stream().map(Done::record).toList();
    } finally {
      lock.unlock();
    }
  }

  /** Marks the drained records as stored. */
  void commitFlushed() {
    lock.lock();
    try {
      for (Done done : flushing) {
        committed = committed.plus(done.record());
      }
      flushing.clear();
    } finally {
      lock.unlock();
    }
  }

  /** The checkpoint of the committed pages (see the class comment). */
  CrawlCheckpoint snapshot(Duration elapsed) {
    lock.lock();
    try {
      List<Visit> uncommitted = new ArrayList<>(inFlight.values());
      flushing.forEach(d -> uncommitted.add(d.visit()));
      pending.forEach(d -> uncommitted.add(d.visit()));
      List<FrontierEntry> queue = new ArrayList<>(uncommitted.size() + frontier.size());
      Set<String> released = new HashSet<>();
      Set<String> releasedHashes = new HashSet<>();
      for (Visit v : uncommitted) {
        queue.add(v.entry);
        released.addAll(v.claimedUrls);
        if (v.claimedHash != null) {
          releasedHashes.add(v.claimedHash);
        }
      }
      queue.addAll(frontier);
      List<String> seenOut = seen.stream().filter(u -> !released.contains(u)).toList();
      Map<String, String> hashesOut = new HashMap<>(hashes);
      hashesOut.keySet().removeAll(releasedHashes);
      return new CrawlCheckpoint(
          CrawlCheckpoint.VERSION,
          queue,
          seenOut,
          hashesOut,
          committed,
          elapsed.toMillis(),
          sitemapsRead);
    } finally {
      lock.unlock();
    }
  }

  /** Waits up to {@code timeout} for a visit to finish. */
  void awaitChange(Duration timeout) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      changed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The state at one moment, read under one lock so its numbers agree.
   *
   * @param counts totals of every finished visit (stored or not yet)
   * @param remaining URLs still expected: in flight plus queued, within what {@code maxPages}
   *     leaves
   * @param pending finished visits waiting to be stored
   * @param frontier URLs queued
   * @param seen URLs queued or crawled
   * @param droppedLinks links not queued because the frontier was full
   * @param sitemapsRead whether the sitemaps were read into the frontier
   * @param currentUrl the URL most recently started, or null
   */
  record View(
      CrawlCounts counts,
      long remaining,
      int pending,
      int frontier,
      int seen,
      long droppedLinks,
      boolean sitemapsRead,
      String currentUrl) {}

  View view() {
    lock.lock();
    try {
      long budget = Math.max(0, maxPages - live.requests() - inFlight.size());
      long remaining = inFlight.size() + Math.min(frontier.size(), budget);
      return new View(
          live,
          remaining,
          pending.size(),
          frontier.size(),
          seen.size(),
          droppedLinks,
          sitemapsRead,
          currentUrl);
    } finally {
      lock.unlock();
    }
  }

  int maxDepth() {
    return maxDepth;
  }

  private void enqueue(FrontierEntry entry) {
    if (entry.depth() > maxDepth || seen.contains(entry.url())) {
      return;
    }
    if (frontier.size() >= maxFrontier) {
      droppedLinks++;
      return;
    }
    seen.add(entry.url());
    frontier.addLast(entry);
  }
}
