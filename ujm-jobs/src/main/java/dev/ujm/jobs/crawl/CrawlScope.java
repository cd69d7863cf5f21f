package dev.ujm.jobs.crawl;

import crawlercommons.domains.EffectiveTldFinder;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which discovered links one crawl follows: within the seed's registered domain when {@code
 * sameDomain} is set (so {@code www.example.com} and {@code blog.example.com} are one site; an IP
 * address or a single-label host is its own domain), matching an include pattern when there are
 * any, and matching no exclude pattern. The seed itself is always in scope. Patterns are found
 * anywhere in the normalised URL. Immutable and thread-safe.
 */
public final class CrawlScope {
  /** A pattern that backtracks longer than this many character reads counts as not matching. */
  private static final long MAX_REGEX_STEPS = 1_000_000;

  private final String seedDomain;
  private final boolean sameDomain;
  private final List<Pattern> include;
  private final List<Pattern> exclude;

  public CrawlScope(
      String seedUrl, boolean sameDomain, List<String> include, List<String> exclude) {
    this.seedDomain = domainOf(seedUrl);
    this.sameDomain = sameDomain;
    this.include = include.stream().map(Pattern::compile).toList();
    this.exclude = exclude.stream().map(Pattern::compile).toList();
  }

  /** Builds the scope of a payload. */
  public static CrawlScope of(CrawlPayload payload) {
    return new CrawlScope(
        payload.url(), payload.sameDomain(), payload.includePatterns(), payload.excludePatterns());
  }

  /** Whether a normalised URL may be followed. */
  public boolean allows(String normalUrl) {
    if (sameDomain && !seedDomain.equals(domainOf(normalUrl))) {
      return false;
    }
    if (!include.isEmpty() && include.stream().noneMatch(p -> finds(p, normalUrl))) {
      return false;
    }
    return exclude.stream().noneMatch(p -> finds(p, normalUrl));
  }

  static String domainOf(String url) {
    String host = URI.create(url).getHost();
    if (host == null) {
      return "";
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.startsWith("[") || host.matches("[0-9.]+") || !host.contains(".")) {
      return host;
    }
    String assigned = EffectiveTldFinder.getAssignedDomain(host, true, false);
    return assigned == null ? host : assigned;
  }

  private static boolean finds(Pattern pattern, String url) {
    try {
      return pattern.matcher(new BoundedCharSequence(url, new long[] {MAX_REGEX_STEPS})).find();
    } catch (BoundedCharSequence.TooManySteps e) {
      return false;
    }
  }

  /**
   * Lets a user-supplied regular expression read only so many characters, so a pathological one
   * cannot hang a crawl.
   */
  private record BoundedCharSequence(String text, long[] budget) implements CharSequence {
    static final class TooManySteps extends RuntimeException {
      TooManySteps() {
        super(null, null, false, false);
      }
    }

    @Override
    public char charAt(int index) {
      if (--budget[0] < 0) {
        throw new TooManySteps();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new BoundedCharSequence(text.substring(start, end), budget);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
