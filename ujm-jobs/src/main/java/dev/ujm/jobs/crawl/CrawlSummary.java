package dev.ujm.jobs.crawl;

/**
 * The result of a finished crawl job (the per-page records are its result items). Immutable.
 *
 * @param url the seed
 * @param pagesStored page records stored, one per URL crawled or skipped
 * @param pagesFetched responses with a 2xx status
 * @param failed URLs with no usable response
 * @param skippedByRobots URLs robots.txt disallowed
 * @param duplicates pages whose content was seen before under another URL
 * @param otherSkips non-canonical pages and redirects out of scope or to URLs already seen
 * @param nonHtml fetched responses that were not HTML
 * @param redirects redirect hops followed
 * @param bytes HTML bytes read
 * @param urlsDiscovered distinct URLs queued or crawled
 * @param linksDropped links not queued because the frontier was full
 * @param frontierLeft URLs still queued when the crawl stopped (because of {@code maxPages})
 * @param maxPagesReached the crawl stopped at {@code maxPages} with URLs left
 * @param durationMs crawl time over all attempts
 * @param pagesPerSecond records per second over all attempts
 * @param resumed this attempt continued from an earlier attempt's checkpoint
 */
public record CrawlSummary(
    String url,
    long pagesStored,
    long pagesFetched,
    long failed,
    long skippedByRobots,
    long duplicates,
    long otherSkips,
    long nonHtml,
    long redirects,
    long bytes,
    long urlsDiscovered,
    long linksDropped,
    long frontierLeft,
    boolean maxPagesReached,
    long durationMs,
    double pagesPerSecond,
    boolean resumed) {}
