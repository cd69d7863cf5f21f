package dev.ujm.jobs.crawl;

/**
 * Running totals of one crawl, added up from its {@link PageRecord}s. Immutable; {@link
 * #plus(PageRecord)} returns the next totals.
 *
 * @param pagesStored records produced (one per URL taken from the frontier)
 * @param pagesFetched responses with a 2xx status (duplicates, non-canonical and non-HTML pages
 *     included)
 * @param failed URLs with no usable response: network errors, timeouts, oversize bodies, 4xx and
 *     5xx
 * @param skippedByRobots URLs robots.txt disallowed (or whose robots.txt could not be read)
 * @param duplicates pages whose content was already seen under another URL
 * @param otherSkips non-canonical pages and redirects that left the scope or led to a URL already
 *     seen
 * @param nonHtml fetched responses that were not HTML (recorded, not parsed)
 * @param redirects redirect hops followed
 * @param bytes body bytes read
 * @param requests URLs that needed at least one request (what {@code maxPages} limits)
 */
public record CrawlCounts(
    long pagesStored,
    long pagesFetched,
    long failed,
    long skippedByRobots,
    long duplicates,
    long otherSkips,
    long nonHtml,
    long redirects,
    long bytes,
    long requests) {

  public static final CrawlCounts ZERO = new CrawlCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** These totals with one more record. */
  public CrawlCounts plus(PageRecord r) {
    boolean fetched = r.isFetched();
    boolean html = r.contentHash() != null;
    boolean skippedOther =
        r.skipped() != null
            && !r.isSkippedByRobots()
            && !PageRecord.SKIPPED_DUPLICATE.equals(r.skipped());
    return new CrawlCounts(
        pagesStored + 1,
        pagesFetched + (fetched ? 1 : 0),
        failed + (r.isFailed() ? 1 : 0),
        skippedByRobots + (r.isSkippedByRobots() ? 1 : 0),
        duplicates + (PageRecord.SKIPPED_DUPLICATE.equals(r.skipped()) ? 1 : 0),
        otherSkips + (skippedOther ? 1 : 0),
        nonHtml + (fetched && !html ? 1 : 0),
        redirects + (r.redirects() == null ? 0 : r.redirects().size()),
        bytes + (fetched && html && r.bytes() != null ? r.bytes() : 0),
        requests + (r.madeRequest() ? 1 : 0));
  }
}
