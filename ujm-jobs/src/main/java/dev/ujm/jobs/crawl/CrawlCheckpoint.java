package dev.ujm.jobs.crawl;

import java.util.List;
import java.util.Map;

/**
 * What a crawl hands to its next attempt: the URLs still to crawl and everything already decided.
 * It describes only pages whose results are stored: a page fetched but not yet stored is back in
 * the frontier, so a resumed attempt fetches it again and no page is ever missing. Immutable; saved
 * as the job's checkpoint JSON.
 *
 * @param version format version, {@value #VERSION}
 * @param frontier URLs to crawl, in order (pages that were in flight first)
 * @param seen every URL queued or crawled, so none is queued twice
 * @param contentHashes content hash to the first URL that had it, for pages already stored
 * @param counts totals of the stored pages
 * @param elapsedMs crawl time spent by earlier attempts
 * @param sitemapsRead whether the seed site's sitemaps were already read into the frontier
 */
public record CrawlCheckpoint(
    int version,
    List<FrontierEntry> frontier,
    List<String> seen,
    Map<String, String> contentHashes,
    CrawlCounts counts,
    long elapsedMs,
    boolean sitemapsRead) {

  public static final int VERSION = 1;

  public CrawlCheckpoint {
    frontier = List.copyOf(frontier);
    seen = List.copyOf(seen);
    contentHashes = Map.copyOf(contentHashes);
    counts = counts == null ? CrawlCounts.ZERO : counts;
  }
}
