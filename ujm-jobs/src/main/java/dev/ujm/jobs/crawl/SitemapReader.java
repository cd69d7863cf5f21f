package dev.ujm.jobs.crawl;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.sitemaps.AbstractSiteMap;
import crawlercommons.sitemaps.SiteMap;
import crawlercommons.sitemaps.SiteMapIndex;
import crawlercommons.sitemaps.SiteMapParser;
import crawlercommons.sitemaps.SiteMapURL;
import crawlercommons.sitemaps.UnknownFormatException;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the sitemaps a site's robots.txt lists (sitemap indexes included) with crawler-commons,
 * fetching each through the host's politeness, and returns the page URLs they name. Reads at most
 * {@link #MAX_SITEMAP_FILES} files and returns at most the asked number of URLs; a sitemap that
 * cannot be fetched or parsed is logged and skipped. Thread-safe.
 */
public final class SitemapReader {
  static final int MAX_SITEMAP_FILES = 10;
  private static final Logger LOG = LoggerFactory.getLogger(SitemapReader.class);

  private final PoliteFetcher fetcher;
  private final UrlNormalizer normalizer = new UrlNormalizer();

  public SitemapReader(PoliteFetcher fetcher) {
    this.fetcher = fetcher;
  }

  /**
   * The page URLs of the sitemaps listed in these rules, normalised, in sitemap order, without
   * repeats.
   *
   * @param rules the robots rules of the seed host (their sitemap lines; also their crawl-delay)
   * @param limit most URLs returned
   */
  public List<String> pageUrls(
      BaseRobotRules rules, String userAgent, int limit, BooleanSupplier cancelled)
      throws InterruptedException {
    ArrayDeque<String> files = new ArrayDeque<>();
    rules.getSitemaps().forEach(s -> normalizer.normalize(s).ifPresent(files::add));
    Set<String> visitedFiles = new LinkedHashSet<>();
    Set<String> urls = new LinkedHashSet<>();
    SiteMapParser parser = new SiteMapParser(false);
    while (!files.isEmpty() && visitedFiles.size() < MAX_SITEMAP_FILES && urls.size() < limit) {
      String file = files.pollFirst();
      if (!visitedFiles.add(file) || (rules != null && !rules.isAllowed(file))) {
        continue;
      }
      PageFetcher.Fetched f =
          fetcher.fetch(file, userAgent, PageFetcher.Wanted.ANY, rules, cancelled);
      if (!f.isSuccess() || f.body().state() != CappedBody.State.READ) {
        LOG.info(
            "sitemap {} not read: {}",
            file,
            f.error() != null ? f.error() : "status " + f.status());
        continue;
      }
      try {
        AbstractSiteMap map = parser.parseSiteMap(f.contentType(), f.body().bytes(), toUrl(file));
        if (map instanceof SiteMapIndex index) {
          for (AbstractSiteMap child : index.getSitemaps()) {
            normalizer.normalize(child.getUrl().toString()).ifPresent(files::addLast);
          }
        } else if (map instanceof SiteMap siteMap) {
          for (SiteMapURL u : siteMap.getSiteMapUrls()) {
            if (urls.size() >= limit) {
              break;
            }
            normalizer.normalize(u.getUrl().toString()).ifPresent(urls::add);
          }
        }
      } catch (UnknownFormatException | IOException | RuntimeException e) {
        LOG.info("sitemap {} not parsed: {}", file, e.toString());
      }
    }
    return new ArrayList<>(urls);
  }

  private static URL toUrl(String url) throws IOException {
    try {
      return URI.create(url).toURL();
    } catch (IllegalArgumentException e) {
      throw new IOException("bad sitemap URL " + url, e);
    }
  }
}
