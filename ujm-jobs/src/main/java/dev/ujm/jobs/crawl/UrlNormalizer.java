package dev.ujm.jobs.crawl;

import crawlercommons.filters.basic.BasicURLNormalizer;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns URLs into the one spelling the crawl compares them by: crawler-commons' {@link
 * BasicURLNormalizer} (lower-case scheme and host, no default port, no fragment, dot segments
 * resolved, query parameters sorted), http and https only, no user info, at most {@link
 * CrawlPayloadValidator#MAX_URL_LENGTH} characters. Thread-safe.
 */
public final class UrlNormalizer {
  private final BasicURLNormalizer normalizer = new BasicURLNormalizer();

  /** The normal form of an absolute URL, or empty when it is not a crawlable http(s) URL. */
  public Optional<String> normalize(String absoluteUrl) {
    if (absoluteUrl == null
        || absoluteUrl.isBlank()
        || absoluteUrl.length() > CrawlPayloadValidator.MAX_URL_LENGTH) {
      return Optional.empty();
    }
    String trimmed = absoluteUrl.trim();
    String lower = trimmed.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
      return Optional.empty();
    }
    String normal = normalizer.filter(trimmed);
    if (normal == null || normal.length() > CrawlPayloadValidator.MAX_URL_LENGTH) {
      return Optional.empty();
    }
    try {
      URI uri = URI.create(normal);
      if (uri.getHost() == null || uri.getRawUserInfo() != null) {
        return Optional.empty();
      }
      return Optional.of(normal);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Resolves a possibly relative reference against a base URL, then normalises it. */
  public Optional<String> resolve(String baseUrl, String reference) {
    if (reference == null || reference.isBlank()) {
      return Optional.empty();
    }
    try {
      return normalize(URI.create(baseUrl).resolve(reference.trim()).toString());
    } catch (IllegalArgumentException e) {
      return normalize(reference);
    }
  }

  /**
   * The politeness key of a URL: scheme-less {@code host:port}, the unit the host limiter and the
   * robots cache work by. Two ports of one machine are two hosts, as two sites behind them may be.
   */
  public static String hostKey(String normalUrl) {
    URI uri = URI.create(normalUrl);
    int port =
        uri.getPort() != -1
            ? uri.getPort()
            : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
    return uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
  }

  /** The robots.txt URL of the site a URL belongs to. */
  public static String robotsUrl(String normalUrl) {
    URI uri = URI.create(normalUrl);
    return uri.getScheme() + "://" + uri.getRawAuthority() + "/robots.txt";
  }
}
