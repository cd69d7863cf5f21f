package dev.ujm.jobs.crawl;

import dev.ujm.core.cluster.HostPoliteness;
import dev.ujm.core.handler.WorkSpans;
import java.net.http.HttpClient;

/**
 * The parts every crawl job of a node shares: its settings, the per-host politeness (this node's
 * {@link HostLimiter}, or one the backend shares between nodes), the HTTP client behind the polite
 * fetcher, the robots.txt cache, the sitemap reader and the guard that keeps crawls off internal
 * addresses, and the spans its fetches are traced with. One instance per {@link
 * dev.ujm.jobs.BuiltInJobs} module, so politeness holds across all crawl jobs of the node (and of
 * every node, when the politeness is shared). Immutable; every part is thread-safe.
 */
public record CrawlDependencies(
    CrawlSettings settings,
    HostPoliteness politeness,
    PoliteFetcher fetcher,
    RobotsCache robots,
    SitemapReader sitemaps,
    AddressGuard guard,
    WorkSpans spans) {

  /**
   * Builds the shared parts for these settings, with a new HTTP client and the guard the settings
   * ask for.
   */
  public static CrawlDependencies create(CrawlSettings settings, HostPoliteness politeness) {
    return create(settings, politeness, AddressGuard.of(settings));
  }

  /**
   * Builds the shared parts for these settings with a given address guard (tests use their own
   * policy).
   */
  public static CrawlDependencies create(
      CrawlSettings settings, HostPoliteness politeness, AddressGuard guard) {
    return create(settings, politeness, guard, WorkSpans.NONE);
  }

  /** The shared parts, tracing each page fetch through {@code spans}. */
  public static CrawlDependencies create(
      CrawlSettings settings, HostPoliteness politeness, AddressGuard guard, WorkSpans spans) {
    HttpClient client = PageFetcher.newClient(settings.requestTimeout());
    PageFetcher pageFetcher =
        new PageFetcher(client, settings.requestTimeout(), settings.maxBodyBytes(), guard, spans);
    PoliteFetcher polite =
        new PoliteFetcher(
            politeness, pageFetcher, settings.defaultDelay(), settings.maxConnectionsPerHost());
    return new CrawlDependencies(
        settings,
        politeness,
        polite,
        new RobotsCache(polite, politeness),
        new SitemapReader(polite),
        guard,
        spans);
  }
}
