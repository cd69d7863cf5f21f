package dev.ujm.jobs.crawl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;

/**
 * Reads what the crawl needs from an HTML page with jsoup: title, meta description, canonical link,
 * the links it points to, the size of its visible text, a hash of its content and its meta robots
 * directives. The charset comes from the Content-Type header, else from the page itself. Stateless
 * and thread-safe.
 */
public final class HtmlExtractor {
  private static final int MAX_TITLE = 500;
  private static final int MAX_DESCRIPTION = 1_000;
  private static final Pattern CHARSET = Pattern.compile("(?i)charset=[\"']?([\\w.:-]+)");
  // parsed once: jsoup would parse a selector string again on every call
  private static final Evaluator DESCRIPTION = QueryParser.parse("meta[name=description]");
  private static final Evaluator CANONICAL = QueryParser.parse("link[rel=canonical][href]");
  private static final Evaluator META_ROBOTS = QueryParser.parse("meta[name=robots]");
  private static final Evaluator LINKS = QueryParser.parse("a[href], area[href]");

  /**
   * What one page holds.
   *
   * @param title the title, or null
   * @param description the meta description, or null
   * @param canonical the absolute canonical URL as written, or null
   * @param links absolute targets of its links, in page order, without repeats (rel=nofollow links
   *     left out when asked)
   * @param textBytes UTF-8 size of the visible text
   * @param contentHash SHA-256 (hex) of title and visible text: two URLs with the same hash serve
   *     the same content
   * @param noFollow the page's meta robots asks not to follow its links
   */
  public record Page(
      String title,
      String description,
      String canonical,
      List<String> links,
      int textBytes,
      String contentHash,
      boolean noFollow) {}

  /**
   * Parses one page.
   *
   * @param body the raw body
   * @param contentType the Content-Type header, or null
   * @param pageUrl the URL the body came from, base of relative links
   * @param honourNoFollow leave out links marked rel=nofollow
   */
  public Page extract(byte[] body, String contentType, String pageUrl, boolean honourNoFollow)
      throws IOException {
    Document doc = Jsoup.parse(new ByteArrayInputStream(body), charsetOf(contentType), pageUrl);
    String title = clip(doc.title(), MAX_TITLE);
    String description = clip(doc.select(DESCRIPTION).attr("content"), MAX_DESCRIPTION);
    Element canonicalLink = doc.selectFirst(CANONICAL);
    String canonical = canonicalLink == null ? null : blankToNull(canonicalLink.attr("abs:href"));
    String robots = doc.select(META_ROBOTS).attr("content").toLowerCase(Locale.ROOT);
    boolean noFollow = robots.contains("nofollow") || robots.contains("none");
    Set<String> links = new LinkedHashSet<>();
    for (Element a : doc.select(LINKS)) {
      if (honourNoFollow && a.attr("rel").toLowerCase(Locale.ROOT).contains("nofollow")) {
        continue;
      }
      String href = a.attr("abs:href");
      if (!href.isBlank()) {
        links.add(href);
      }
    }
    String text = doc.body() == null ? "" : doc.body().text();
    return new Page(
        title,
        description,
        canonical,
        List.copyOf(links),
        text.getBytes(StandardCharsets.UTF_8).length,
        sha256(doc.title() + "\n" + text),
        noFollow);
  }

  /** SHA-256 of a text, in lower-case hex. */
  static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static String charsetOf(String contentType) {
    if (contentType == null) {
      return null;
    }
    Matcher m = CHARSET.matcher(contentType);
    if (!m.find()) {
      return null;
    }
    try {
      return java.nio.charset.Charset.isSupported(m.group(1)) ? m.group(1) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String clip(String text, int max) {
    String t = blankToNull(text == null ? null : text.strip());
    return t == null || t.length() <= max ? t : t.substring(0, max);
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
