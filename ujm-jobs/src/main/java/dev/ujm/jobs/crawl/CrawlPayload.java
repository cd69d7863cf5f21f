package dev.ujm.jobs.crawl;

import java.util.List;

/**
 * What a {@code crawl} job is asked to do. Missing fields take their defaults here, so a handler
 * always sees a complete payload; limits are checked at submit time by {@link
 * CrawlPayloadValidator}. Immutable.
 *
 * @param url the seed: an absolute http or https URL
 * @param maxPages most pages to request (default 100; at most {@code UJM_CRAWL_MAX_PAGES})
 * @param maxDepth most links to follow from the seed (default 3; the seed is depth 0)
 * @param sameDomain follow only links within the seed's registered domain (default true)
 * @param includePatterns regular expressions; when any are given, a discovered link must match one
 *     of them
 * @param excludePatterns regular expressions; a discovered link matching any of them is not
 *     followed
 * @param userAgent the User-Agent header and robots.txt name (default {@code UJM_CRAWL_USER_AGENT})
 * @param respectRobots obey robots.txt rules, its crawl-delay and {@code nofollow} (default true)
 */
public record CrawlPayload(
    String url,
    Integer maxPages,
    Integer maxDepth,
    Boolean sameDomain,
    List<String> includePatterns,
    List<String> excludePatterns,
    String userAgent,
    Boolean respectRobots) {

  /** Pages requested when the payload does not say. */
  public static final int DEFAULT_MAX_PAGES = 100;

  /** Link depth followed when the payload does not say. */
  public static final int DEFAULT_MAX_DEPTH = 3;

  public CrawlPayload {
    maxPages = maxPages == null ? DEFAULT_MAX_PAGES : maxPages;
    maxDepth = maxDepth == null ? DEFAULT_MAX_DEPTH : maxDepth;
    sameDomain = sameDomain == null || sameDomain;
    includePatterns = includePatterns == null ? List.of() : List.copyOf(includePatterns);
    excludePatterns = excludePatterns == null ? List.of() : List.copyOf(excludePatterns);
    respectRobots = respectRobots == null || respectRobots;
  }

  /** A payload with every option at its default. */
  public static CrawlPayload of(String url) {
    return new CrawlPayload(url, null, null, null, null, null, null, null);
  }

  public CrawlPayload withMaxPages(int pages) {
    return new CrawlPayload(
        url,
        pages,
        maxDepth,
        sameDomain,
        includePatterns,
        excludePatterns,
        userAgent,
        respectRobots);
  }

  public CrawlPayload withMaxDepth(int depth) {
    return new CrawlPayload(
        url,
        maxPages,
        depth,
        sameDomain,
        includePatterns,
        excludePatterns,
        userAgent,
        respectRobots);
  }

  public CrawlPayload withRespectRobots(boolean respect) {
    return new CrawlPayload(
        url, maxPages, maxDepth, sameDomain, includePatterns, excludePatterns, userAgent, respect);
  }

  public CrawlPayload withSameDomain(boolean same) {
    return new CrawlPayload(
        url, maxPages, maxDepth, same, includePatterns, excludePatterns, userAgent, respectRobots);
  }

  public CrawlPayload withPatterns(List<String> include, List<String> exclude) {
    return new CrawlPayload(
        url, maxPages, maxDepth, sameDomain, include, exclude, userAgent, respectRobots);
  }

  public CrawlPayload withUserAgent(String agent) {
    return new CrawlPayload(
        url,
        maxPages,
        maxDepth,
        sameDomain,
        includePatterns,
        excludePatterns,
        agent,
        respectRobots);
  }
}
