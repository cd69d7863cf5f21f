package dev.ujm.jobs.crawl;

import dev.ujm.core.handler.WorkSpans;
import java.net.http.HttpClient;

/**
 * The parts every crawl job of a node shares: its settings, the per-host limiter, the HTTP client
 * behind the polite fetcher, the robots.txt cache, the sitemap reader and the guard that keeps
 * crawls off internal addresses, and the spans its fetches are traced with. One instance per {@link
 * dev.ujm.jobs.BuiltInJobs} module, so politeness holds across all crawl jobs of the node.
 * Immutable; every part is thread-safe.
 */
public record CrawlDependencies(
    CrawlSettings settings,
    HostLimiter limiter,
    PoliteFetcher fetcher,
    RobotsCache robots,
    SitemapReader sitemaps,
    AddressGuard guard,
    WorkSpans spans) {

  /**
   * Builds the shared parts for these settings, with a new HTTP client and the guard the settings
   * ask for.
   */
  public static CrawlDependencies create(CrawlSettings settings, HostLimiter limiter) {
    return create(settings, limiter, AddressGuard.of(settings));
  }

  /**
   * Builds the shared parts for these settings with a given address guard (tests use their own
   * policy).
   */
  public static CrawlDependencies create(
      CrawlSettings settings, HostLimiter limiter, AddressGuard guard) {
    return create(settings, limiter, guard, WorkSpans.NONE);
  }

  /** The shared parts, tracing each page fetch through {@code spans}. */
  public static CrawlDependencies create(
      CrawlSettings settings, HostLimiter limiter, AddressGuard guard, WorkSpans spans) {
    HttpClient client = PageFetcher.newClient(settings.requestTimeout());
    PageFetcher pageFetcher =
        new PageFetcher(client, settings.requestTimeout(), settings.maxBodyBytes(), guard, spans);
    PoliteFetcher polite =
        new PoliteFetcher(
            limiter, pageFetcher, settings.defaultDelay(), settings.maxConnectionsPerHost());
    return new CrawlDependencies(
        settings,
        limiter,
        polite,
        new RobotsCache(polite),
        new SitemapReader(polite),
        guard,
        spans);
  }
}
