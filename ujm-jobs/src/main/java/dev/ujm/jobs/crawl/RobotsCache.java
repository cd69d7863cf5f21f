package dev.ujm.jobs.crawl;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import dev.ujm.core.cluster.HostPoliteness;
import dev.ujm.core.cluster.HostPoliteness.RobotsFile;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The robots.txt of each host, fetched once for all crawl jobs of a node and kept for {@link #TTL}
 * (an unreachable one for {@link #FAILURE_TTL}), parsed per robot name with crawler-commons.
 * Meaning of answers, after RFC 9309: 2xx is parsed; 4xx allows everything; 5xx, a network error or
 * an oversize file disallows everything until it is read again; up to five redirects are followed;
 * a robots.txt the {@link AddressGuard} refuses counts as missing (the pages themselves are checked
 * by the guard too). Concurrent callers for one host wait for one fetch. A file fetched is offered
 * to the other nodes through the {@link HostPoliteness}, and one another node fetched is used while
 * it is fresh, so nodes crawling one host together read its robots.txt once. Thread-safe.
 */
public final class RobotsCache {
  static final Duration TTL = Duration.ofHours(1);
  static final Duration FAILURE_TTL = Duration.ofMinutes(1);
  private static final int MAX_REDIRECTS = 5;
  private static final int MAX_HOSTS = 10_000;

  /** One host's robots.txt, until when this node uses it, and its rules per robot name. */
  private record CachedFile(
      RobotsFile file, long expiresNanos, Map<String, BaseRobotRules> parsed) {}

  private final PoliteFetcher fetcher;
  private final HostPoliteness shared;
  private final UrlNormalizer normalizer = new UrlNormalizer();
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, CompletableFuture<CachedFile>> files =
      new ConcurrentHashMap<>();

  /**
   * @param shared where robots.txt files are shared with other nodes (the node's {@link
   *     HostLimiter} shares none)
   */
  public RobotsCache(PoliteFetcher fetcher, HostPoliteness shared) {
    this(fetcher, shared, System::nanoTime);
  }

  RobotsCache(PoliteFetcher fetcher, HostPoliteness shared, LongSupplier nanoTime) {
    this.fetcher = fetcher;
    this.shared = shared;
    this.nanoTime = nanoTime;
  }

  /**
   * The rules for a page's host and this user agent, fetching robots.txt when it is not cached.
   *
   * @throws CancellationException when {@code cancelled} turned true while waiting
   */
  public BaseRobotRules rulesFor(String pageUrl, String userAgent, BooleanSupplier cancelled)
      throws InterruptedException {
    String host = UrlNormalizer.hostKey(pageUrl);
    while (true) {
      CompletableFuture<CachedFile> mine = new CompletableFuture<>();
      CompletableFuture<CachedFile> current =
          files.compute(host, (k, old) -> old == null || expired(old) ? mine : old);
      if (current == mine) {
        evictExpiredIfMany();
        try {
          mine.complete(read(host, UrlNormalizer.robotsUrl(pageUrl), userAgent, cancelled));
        } catch (InterruptedException | RuntimeException e) {
          files.remove(host, mine);
          mine.completeExceptionally(e);
          throw e;
        }
      }
      final CachedFile cached;
      try {
        cached = await(current, cancelled);
      } catch (ExecutionException e) {
        continue; // the fetching caller was cancelled: try again, fetching ourselves if need be
      }
      return cached
          .parsed()
          .computeIfAbsent(robotName(userAgent), name -> parse(cached.file(), name));
    }
  }

  /**
   * The product token of a User-Agent, lower-cased: {@code UJM-Crawler/0.1 (...)} gives {@code
   * ujm-crawler}.
   */
  static String robotName(String userAgent) {
    String token = userAgent.strip().split("[/\\s;(]", 2)[0];
    return token.isEmpty() ? "*" : token.toLowerCase(Locale.ROOT);
  }

  /** The file another node shared, or else the file fetched now and shared. */
  private CachedFile read(
      String host, String robotsUrl, String userAgent, BooleanSupplier cancelled)
      throws InterruptedException {
    RobotsFile file = shared.robotsFile(host).orElse(null);
    if (file == null) {
      file = download(robotsUrl, userAgent, cancelled);
      shared.shareRobotsFile(host, file);
    }
    return new CachedFile(
        file, nanoTime.getAsLong() + file.freshFor().toNanos(), new ConcurrentHashMap<>());
  }

  private RobotsFile download(String robotsUrl, String userAgent, BooleanSupplier cancelled)
      throws InterruptedException {
    String url = robotsUrl;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      PageFetcher.Fetched f =
          fetcher.fetch(url, userAgent, PageFetcher.Wanted.ANY, null, cancelled);
      if (f.addressRefused()) {
        break; // a robots.txt on (or redirecting to) a refused address is not read: as if there
        // were none
      }
      if (f.isRedirect()) {
        String next = normalizer.resolve(url, f.location()).orElse(null);
        if (next == null) {
          break;
        }
        url = next;
        continue;
      }
      if (f.status() == null || f.status() >= 500 || f.status() == 429) {
        return new RobotsFile(0, null, null, url, FAILURE_TTL);
      }
      if (f.isSuccess() && f.body().state() != CappedBody.State.READ) {
        return new RobotsFile(0, null, null, url, FAILURE_TTL);
      }
      return new RobotsFile(
          f.status(), f.isSuccess() ? f.body().bytes() : null, f.contentType(), url, TTL);
    }
    return new RobotsFile(404, null, null, url, TTL);
  }

  private static BaseRobotRules parse(RobotsFile file, String robotName) {
    SimpleRobotRulesParser parser = new SimpleRobotRulesParser();
    if (file.status() == 0) {
      return parser.failedFetch(503);
    }
    if (file.body() == null) {
      return parser.failedFetch(file.status());
    }
    String type = file.contentType() == null ? "text/plain" : file.contentType();
    return parser.parseContent(file.url(), file.body(), type, List.of(robotName));
  }

  private boolean expired(CompletableFuture<CachedFile> future) {
    if (!future.isDone() || future.isCompletedExceptionally()) {
      return future.isCompletedExceptionally();
    }
    return nanoTime.getAsLong() - future.join().expiresNanos() > 0;
  }

  private void evictExpiredIfMany() {
    if (files.size() > MAX_HOSTS) {
      files.entrySet().removeIf(e -> expired(e.getValue()));
    }
  }

  private static CachedFile await(CompletableFuture<CachedFile> future, BooleanSupplier cancelled)
      throws InterruptedException, ExecutionException {
    while (true) {
      if (cancelled.getAsBoolean()) {
        throw new CancellationException("crawl cancelled while reading robots.txt");
      }
      try {
        return future.get(HostLimiter.POLL.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        // still fetching: look at the cancellation again
      }
    }
  }
}
