package dev.ujm.jobs.crawl;

import crawlercommons.robots.BaseRobotRules;
import dev.ujm.core.cluster.HostPoliteness;
import dev.ujm.core.cluster.HostPoliteness.Permit;
import dev.ujm.core.cluster.HostPoliteness.Policy;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Sends each request only when the host's turn has come: a host whose robots.txt sets a crawl-delay
 * gets one request at a time with that delay between them; any other host gets up to {@code
 * UJM_CRAWL_MAX_CONNECTIONS_PER_HOST} requests in flight with {@code UJM_CRAWL_DEFAULT_DELAY_MS}
 * between them. Whose turn it is, is up to the {@link HostPoliteness}: this node's {@link
 * HostLimiter}, or one every node shares. Thread-safe; shared by a node's crawls.
 */
public final class PoliteFetcher {
  private final HostPoliteness limiter;
  private final PageFetcher fetcher;
  private final Policy defaultPolicy;

  public PoliteFetcher(
      HostPoliteness limiter,
      PageFetcher fetcher,
      Duration defaultDelay,
      int maxConnectionsPerHost) {
    this.limiter = limiter;
    this.fetcher = fetcher;
    this.defaultPolicy = new Policy(defaultDelay, maxConnectionsPerHost);
  }

  /** The spacing for a host under its robots rules (null when robots.txt is not consulted). */
  public Policy policyFor(BaseRobotRules rules) {
    if (rules != null
        && rules.getCrawlDelay() != BaseRobotRules.UNSET_CRAWL_DELAY
        && rules.getCrawlDelay() >= 0) {
      return new Policy(Duration.ofMillis(rules.getCrawlDelay()), 1);
    }
    return defaultPolicy;
  }

  /**
   * Waits for the host's turn, then sends one GET.
   *
   * @param rules the host's robots rules for its crawl-delay, or null
   * @throws java.util.concurrent.CancellationException when {@code cancelled} turned true while
   *     waiting or fetching
   */
  public PageFetcher.Fetched fetch(
      String url,
      String userAgent,
      PageFetcher.Wanted wanted,
      BaseRobotRules rules,
      BooleanSupplier cancelled)
      throws InterruptedException {
    try (Permit permit = limiter.acquire(UrlNormalizer.hostKey(url), policyFor(rules), cancelled)) {
      return fetcher.fetch(url, userAgent, wanted, cancelled);
    }
  }
}
