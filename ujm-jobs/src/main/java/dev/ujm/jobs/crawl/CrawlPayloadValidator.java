package dev.ujm.jobs.crawl;

import dev.ujm.core.handler.InvalidPayloadException;
import dev.ujm.core.handler.JobDefinition.PayloadValidator;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a crawl payload at submit time, so a bad one is refused with a 400 and never reaches a
 * worker; unless {@code UJM_CRAWL_ALLOW_PRIVATE_NETWORKS} is true this includes a seed naming an
 * internal IP address literally (see {@link InternalAddresses}). Reports every problem at once; the
 * exception names the first failing field. Thread-safe.
 */
public final class CrawlPayloadValidator implements PayloadValidator<CrawlPayload> {
  /** The longest URL accepted, as seed or as discovered link. */
  public static final int MAX_URL_LENGTH = 2_048;

  static final int MAX_PATTERNS = 50;
  static final int MAX_PATTERN_LENGTH = 500;
  static final int MAX_USER_AGENT_LENGTH = 256;

  private final CrawlSettings settings;

  public CrawlPayloadValidator(CrawlSettings settings) {
    this.settings = settings;
  }

  @Override
  public void validate(CrawlPayload payload) throws InvalidPayloadException {
    List<String[]> problems = new ArrayList<>();
    String urlProblem = urlProblem(payload.url());
    if (urlProblem == null && !settings.allowPrivateNetworks()) {
      urlProblem = internalHostProblem(payload.url());
    }
    if (urlProblem != null) {
      problems.add(new String[] {"url", urlProblem});
    }
    if (payload.maxPages() < 1 || payload.maxPages() > settings.maxPagesLimit()) {
      problems.add(
          new String[] {
            "maxPages",
            "maxPages must be 1 to " + settings.maxPagesLimit() + ", not " + payload.maxPages()
          });
    }
    if (payload.maxDepth() < 0 || payload.maxDepth() > settings.maxDepthLimit()) {
      problems.add(
          new String[] {
            "maxDepth",
            "maxDepth must be 0 to " + settings.maxDepthLimit() + ", not " + payload.maxDepth()
          });
    }
    checkPatterns("includePatterns", payload.includePatterns(), problems);
    checkPatterns("excludePatterns", payload.excludePatterns(), problems);
    if (payload.userAgent() != null && !isSafeHeaderValue(payload.userAgent())) {
      problems.add(
          new String[] {
            "userAgent", "userAgent must be 1 to " + MAX_USER_AGENT_LENGTH + " printable characters"
          });
    }
    if (!problems.isEmpty()) {
      List<String> messages = problems.stream().map(p -> p[1]).toList();
      throw new InvalidPayloadException(problems.get(0)[0], String.join("; ", messages));
    }
  }

  /** Why a seed URL is refused, or null when it is an absolute http(s) URL with a host. */
  static String urlProblem(String url) {
    if (url == null || url.isBlank()) {
      return "url is required";
    }
    if (url.length() > MAX_URL_LENGTH) {
      return "url must be at most " + MAX_URL_LENGTH + " characters";
    }
    try {
      URI uri = new URI(url.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        return "url must be an absolute http or https URL, not '" + url + "'";
      }
      if (uri.getHost() == null || uri.getHost().isBlank()) {
        return "url must name a host: '" + url + "'";
      }
      return null;
    } catch (URISyntaxException e) {
      return "url is not a valid URL: " + e.getMessage();
    }
  }

  /**
   * Why a seed whose host is a literal internal IP address is refused, or null. Host names are not
   * resolved here; the {@link AddressGuard} checks their addresses when the crawl connects.
   */
  static String internalHostProblem(String url) {
    String host = URI.create(url.trim()).getHost();
    return InternalAddresses.literal(host)
        .filter(InternalAddresses::isInternal)
        .map(
            a ->
                "url names the internal address "
                    + host
                    + ", which crawls may not reach"
                    + " (UJM_CRAWL_ALLOW_PRIVATE_NETWORKS is false)")
        .orElse(null);
  }

  /**
   * True for text that is safe to send as an HTTP header value: printable, no line breaks, not too
   * long.
   */
  static boolean isSafeHeaderValue(String value) {
    if (value.isBlank() || value.length() > MAX_USER_AGENT_LENGTH) {
      return false;
    }
    return value.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
  }

  private static void checkPatterns(String field, List<String> patterns, List<String[]> problems) {
    if (patterns.size() > MAX_PATTERNS) {
      problems.add(new String[] {field, field + " may hold at most " + MAX_PATTERNS + " patterns"});
      return;
    }
    for (String pattern : patterns) {
      if (pattern == null || pattern.isEmpty() || pattern.length() > MAX_PATTERN_LENGTH) {
        problems.add(
            new String[] {
              field, field + " entries must be 1 to " + MAX_PATTERN_LENGTH + " characters"
            });
        continue;
      }
      try {
        Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        problems.add(
            new String[] {
              field,
              field + " has an invalid regular expression '" + pattern + "': " + e.getDescription()
            });
      }
    }
  }
}
