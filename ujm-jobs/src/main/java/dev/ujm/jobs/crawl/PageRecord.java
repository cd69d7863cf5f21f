package dev.ujm.jobs.crawl;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * One stored crawl result: what happened to one URL. Every URL the crawl took from its frontier
 * yields exactly one record; absent fields are left out of the JSON. Immutable.
 *
 * @param url the URL as queued (normalised)
 * @param depth links followed from the seed to reach it
 * @param status the final HTTP status, or null when no response arrived
 * @param finalUrl where redirects led, when there were any
 * @param redirects the redirect hops followed, in order
 * @param contentType the Content-Type of the final response
 * @param bytes body bytes read, or the declared length of a body not read
 * @param title the HTML title
 * @param description the HTML meta description
 * @param canonical the page's canonical URL when it names another page
 * @param textBytes UTF-8 size of the visible text
 * @param outLinks distinct http(s) links on the page
 * @param contentHash SHA-256 of title and text (HTML only)
 * @param fetchedAt when the response arrived (or the URL was skipped)
 * @param durationMs time spent fetching, redirects included
 * @param error why the page failed, when it did
 * @param skipped why the page was not fetched or not processed: {@code robots}, {@code
 *     robots-unreachable}, {@code duplicate-content}, {@code non-canonical}, {@code
 *     redirect-out-of-scope}, {@code redirect-to-seen-url}, {@code address-not-allowed}
 * @param duplicateOf the URL first seen with the same content, or the already seen URL a redirect
 *     led to
 * @param attempt the job attempt that produced this record
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PageRecord(
    String url,
    int depth,
    Integer status,
    String finalUrl,
    List<Redirect> redirects,
    String contentType,
    Long bytes,
    String title,
    String description,
    String canonical,
    Integer textBytes,
    Integer outLinks,
    String contentHash,
    Instant fetchedAt,
    Long durationMs,
    String error,
    String skipped,
    String duplicateOf,
    int attempt) {

  public static final String SKIPPED_ROBOTS = "robots";
  public static final String SKIPPED_ROBOTS_UNREACHABLE = "robots-unreachable";
  public static final String SKIPPED_DUPLICATE = "duplicate-content";
  public static final String SKIPPED_NON_CANONICAL = "non-canonical";
  public static final String SKIPPED_REDIRECT_OUT_OF_SCOPE = "redirect-out-of-scope";
  public static final String SKIPPED_REDIRECT_TO_SEEN = "redirect-to-seen-url";

  /**
   * The URL's host (or a redirect target's) resolves to an internal address; nothing was sent to
   * it.
   */
  public static final String SKIPPED_ADDRESS_NOT_ALLOWED = "address-not-allowed";

  /** One redirect hop: the URL that answered and its status. */
  public record Redirect(String url, int status) {}

  public PageRecord {
    redirects = redirects == null || redirects.isEmpty() ? null : List.copyOf(redirects);
  }

  /** A response with a 2xx status arrived. */
  @JsonIgnore
  public boolean isFetched() {
    return status != null && status >= 200 && status < 300 && error == null;
  }

  /** No usable response: a network error, a timeout, an oversize body, or a 4xx/5xx status. */
  @JsonIgnore
  public boolean isFailed() {
    return error != null || (status != null && status >= 400);
  }

  /** Left alone because of robots.txt. */
  @JsonIgnore
  public boolean isSkippedByRobots() {
    return SKIPPED_ROBOTS.equals(skipped) || SKIPPED_ROBOTS_UNREACHABLE.equals(skipped);
  }

  /** At least one request was sent for it, so it counts against {@code maxPages}. */
  @JsonIgnore
  public boolean madeRequest() {
    return status != null || error != null;
  }

  /** A record of a URL that was not requested. */
  static PageRecord skipped(FrontierEntry entry, String reason, Instant at, int attempt) {
    return new Builder(entry, attempt).skipped(reason).fetchedAt(at).build();
  }

  /** Assembles a record field by field. Not thread-safe. */
  static final class Builder {
    private final String url;
    private final int depth;
    private final int attempt;
    private Integer status;
    private String finalUrl;
    private List<Redirect> redirects;
    private String contentType;
    private Long bytes;
    private String title;
    private String description;
    private String canonical;
    private Integer textBytes;
    private Integer outLinks;
    private String contentHash;
    private Instant fetchedAt;
    private Long durationMs;
    private String error;
    private String skipped;
    private String duplicateOf;

    Builder(FrontierEntry entry, int attempt) {
      this.url = entry.url();
      this.depth = entry.depth();
      this.attempt = attempt;
    }

    Builder response(Integer status, String contentType, Long bytes) {
      this.status = status;
      this.contentType = contentType;
      this.bytes = bytes;
      return this;
    }

    Builder redirects(List<Redirect> hops, String finalUrl) {
      this.redirects = hops;
      this.finalUrl = hops.isEmpty() ? null : finalUrl;
      return this;
    }

    Builder page(HtmlExtractor.Page page) {
      this.title = page.title();
      this.description = page.description();
      this.textBytes = page.textBytes();
      this.contentHash = page.contentHash();
      return this;
    }

    Builder outLinks(int count) {
      this.outLinks = count;
      return this;
    }

    Builder canonical(String canonical) {
      this.canonical = canonical;
      return this;
    }

    Builder fetchedAt(Instant at) {
      this.fetchedAt = at;
      return this;
    }

    Builder durationMs(long ms) {
      this.durationMs = ms;
      return this;
    }

    Builder error(String error) {
      this.error = error;
      return this;
    }

    Builder skipped(String reason) {
      this.skipped = reason;
      return this;
    }

    Builder duplicateOf(String other) {
      this.duplicateOf = other;
      return this;
    }

    PageRecord build() {
      return new PageRecord(
          url,
          depth,
          status,
          finalUrl,
          redirects,
          contentType,
          bytes,
          title,
          description,
          canonical,
          textBytes,
          outLinks,
          contentHash,
          fetchedAt,
          durationMs,
          error,
          skipped,
          duplicateOf,
          attempt);
    }
  }
}
