package dev.ujm.jobs.crawl;

import java.net.http.HttpClient;

/**
 * The parts every crawl job of a node shares: its settings, the per-host limiter, the HTTP client behind the polite
 * fetcher, the robots.txt cache and the sitemap reader. One instance per {@link dev.ujm.jobs.BuiltInJobs} module, so
 * politeness holds across all crawl jobs of the node. Immutable; every part is thread-safe.
 */
public record CrawlDependencies(
    CrawlSettings settings, HostLimiter limiter, PoliteFetcher fetcher, RobotsCache robots, SitemapReader sitemaps) {

  /** Builds the shared parts for these settings, with a new HTTP client. */
  public static CrawlDependencies create(CrawlSettings settings, HostLimiter limiter) {
    HttpClient client = PageFetcher.newClient(settings.requestTimeout());
    PageFetcher pageFetcher = new PageFetcher(client, settings.requestTimeout(), settings.maxBodyBytes());
    PoliteFetcher polite =
        new PoliteFetcher(limiter, pageFetcher, settings.defaultDelay(), settings.maxConnectionsPerHost());
    return new CrawlDependencies(settings, limiter, polite, new RobotsCache(polite), new SitemapReader(polite));
  }
}
