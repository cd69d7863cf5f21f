package dev.ujm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Answer {@code 200} of the compatibility endpoint {@code POST /api/v1/crawl} when the crawl
 * finished within the wait.
 *
 * @param jobId the crawl job; null when the crawl ran inside the request ({@code fallback})
 * @param state {@code completed}, {@code failed} or {@code cancelled}
 * @param result the crawl's summary, when it completed
 * @param pages the pages stored, in crawl order
 * @param error the last failed attempt, when it failed
 * @param fallback true when the job store could not take the crawl and it ran inside the request
 *     instead, bounded by {@code maxPages} and the wait; nothing was stored
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyncCrawlResponse(
    String jobId,
    String state,
    JsonNode result,
    List<JsonNode> pages,
    JobErrorView error,
    Boolean fallback) {}
