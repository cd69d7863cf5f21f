package dev.ujm.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Body of {@code POST /api/v2/jobs/crawl} and {@code POST /api/v1/crawl}. Every field but {@code
 * priority} and {@code idempotencyKey} goes into the crawl payload; the server also passes through
 * the crawl type's further payload fields (see the crawl documentation), so this record lists only
 * the common ones.
 *
 * @param url absolute {@code http} or {@code https} URL to start from
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CrawlRequest(
    String url,
    Integer maxPages,
    Integer maxDepth,
    Boolean sameDomain,
    String priority,
    String idempotencyKey) {

  public static CrawlRequest of(String url) {
    return new CrawlRequest(url, null, null, null, null, null);
  }
}
