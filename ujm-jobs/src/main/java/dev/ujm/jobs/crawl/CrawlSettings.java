package dev.ujm.jobs.crawl;

import dev.ujm.core.config.ConfigException;
import dev.ujm.core.config.UjmConfig.Setting;
import dev.ujm.core.handler.JobEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The node-wide settings of the crawl job type, read from {@code UJM_CRAWL_*} environment settings.
 * Immutable.
 *
 * @param maxPagesLimit the largest {@code maxPages} a payload may ask for
 * @param maxDepthLimit the largest {@code maxDepth} a payload may ask for
 * @param defaultDelay pause between two requests to one host when its robots.txt sets no
 *     crawl-delay
 * @param maxConnectionsPerHost requests in flight to one host at once, across all crawl jobs of
 *     this node (a host whose robots.txt sets a crawl-delay always gets one)
 * @param requestTimeout the longest one request may take, headers and body together
 * @param maxBodyBytes a page body longer than this is not read; the page is recorded as failed
 * @param maxRedirects redirects followed for one page before it is recorded as failed
 * @param userAgent the User-Agent of payloads that name none
 * @param fetchersPerJob requests one crawl job keeps in flight at most (fewer when politeness
 *     allows fewer)
 * @param maxFrontier URLs one job keeps queued at most; further discovered links are dropped and
 *     counted
 * @param resultBatch pages stored together in one write of results
 * @param resultFlushInterval pages waiting longer than this are stored even when the batch is not
 *     full
 * @param defaultTimeout the attempt timeout of crawl jobs submitted without one
 * @param allowPrivateNetworks whether crawls may reach loopback, private, link-local and other
 *     internal addresses (see {@link InternalAddresses}); false by default, so whoever may submit
 *     jobs cannot make the node fetch from its own networks
 */
public record CrawlSettings(
    int maxPagesLimit,
    int maxDepthLimit,
    Duration defaultDelay,
    int maxConnectionsPerHost,
    Duration requestTimeout,
    long maxBodyBytes,
    int maxRedirects,
    String userAgent,
    int fetchersPerJob,
    int maxFrontier,
    int resultBatch,
    Duration resultFlushInterval,
    Duration defaultTimeout,
    boolean allowPrivateNetworks) {

  /** Every crawl setting with its default and meaning, for the README. */
  public static final List<Setting> SETTINGS =
      List.of(
          new Setting(
              "UJM_CRAWL_MAX_PAGES", "10000", "largest maxPages a crawl payload may ask for"),
          new Setting("UJM_CRAWL_MAX_DEPTH", "20", "largest maxDepth a crawl payload may ask for"),
          new Setting(
              "UJM_CRAWL_DEFAULT_DELAY_MS",
              "1000",
              "pause between requests to a host without a robots.txt crawl-delay"),
          new Setting(
              "UJM_CRAWL_MAX_CONNECTIONS_PER_HOST",
              "2",
              "requests in flight to one host across all crawls of a node"),
          new Setting(
              "UJM_CRAWL_REQUEST_TIMEOUT_MS",
              "10000",
              "longest time one request may take, body included"),
          new Setting(
              "UJM_CRAWL_MAX_BODY_BYTES",
              "5242880",
              "a larger page is not read and is recorded as failed"),
          new Setting("UJM_CRAWL_MAX_REDIRECTS", "5", "redirects followed for one page"),
          new Setting(
              "UJM_CRAWL_USER_AGENT",
              "UJM-Crawler/0.1",
              "User-Agent of crawls whose payload names none"),
          new Setting(
              "UJM_CRAWL_FETCHERS_PER_JOB", "4", "requests one crawl keeps in flight at most"),
          new Setting("UJM_CRAWL_MAX_FRONTIER", "100000", "URLs one crawl keeps queued at most"),
          new Setting("UJM_CRAWL_RESULT_BATCH", "50", "pages stored together in one write"),
          new Setting(
              "UJM_CRAWL_TIMEOUT_SECONDS",
              "14400",
              "attempt timeout of crawls submitted without one"),
          new Setting(
              "UJM_CRAWL_ALLOW_PRIVATE_NETWORKS",
              "false",
              "let crawls reach loopback, private, link-local and other internal addresses"));

  public CrawlSettings {
    if (userAgent == null || userAgent.isBlank()) {
      throw new IllegalArgumentException("userAgent must not be blank");
    }
  }

  /** The defaults alone. */
  public static CrawlSettings defaults() {
    return from(new JobEnvironment(java.time.InstantSource.system(), java.util.Map.of()));
  }

  /**
   * Reads the settings of an environment.
   *
   * @throws ConfigException listing every bad value
   */
  public static CrawlSettings from(JobEnvironment env) {
    List<String> problems = new ArrayList<>();
    var r =
        new Object() {
          long number(String name, long fallback, long min, long max) {
            String raw = env.setting(name).orElse(null);
            if (raw == null) {
              return fallback;
            }
            try {
              long n = Long.parseLong(raw.trim());
              if (n >= min && n <= max) {
                return n;
              }
            } catch (NumberFormatException e) {
              // reported below
            }
            problems.add(name + "='" + raw + "' must be a whole number from " + min + " to " + max);
            return fallback;
          }
        };
    int maxPages = (int) r.number("UJM_CRAWL_MAX_PAGES", 10_000, 1, 10_000_000);
    int maxDepth = (int) r.number("UJM_CRAWL_MAX_DEPTH", 20, 0, 1_000);
    long delayMs = r.number("UJM_CRAWL_DEFAULT_DELAY_MS", 1_000, 0, 600_000);
    int connections = (int) r.number("UJM_CRAWL_MAX_CONNECTIONS_PER_HOST", 2, 1, 1_000);
    long timeoutMs = r.number("UJM_CRAWL_REQUEST_TIMEOUT_MS", 10_000, 1, 3_600_000);
    long maxBody =
        r.number("UJM_CRAWL_MAX_BODY_BYTES", 5L * 1024 * 1024, 1_024, Integer.MAX_VALUE - 8);
    int redirects = (int) r.number("UJM_CRAWL_MAX_REDIRECTS", 5, 0, 50);
    String agent = env.setting("UJM_CRAWL_USER_AGENT").orElse("UJM-Crawler/0.1").trim();
    if (!CrawlPayloadValidator.isSafeHeaderValue(agent)) {
      problems.add("UJM_CRAWL_USER_AGENT must be printable text of at most 256 characters");
      agent = "UJM-Crawler/0.1";
    }
    int fetchers = (int) r.number("UJM_CRAWL_FETCHERS_PER_JOB", 4, 1, 256);
    int frontier = (int) r.number("UJM_CRAWL_MAX_FRONTIER", 100_000, 100, 100_000_000);
    int batch = (int) r.number("UJM_CRAWL_RESULT_BATCH", 50, 1, 10_000);
    long jobTimeout = r.number("UJM_CRAWL_TIMEOUT_SECONDS", 14_400, 1, 30L * 86_400);
    String allowRaw =
        env.setting("UJM_CRAWL_ALLOW_PRIVATE_NETWORKS")
            .orElse("false")
            .trim()
            .toLowerCase(java.util.Locale.ROOT);
    if (!allowRaw.equals("true") && !allowRaw.equals("false")) {
      problems.add("UJM_CRAWL_ALLOW_PRIVATE_NETWORKS='" + allowRaw + "' must be true or false");
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new CrawlSettings(
        maxPages,
        maxDepth,
        Duration.ofMillis(delayMs),
        connections,
        Duration.ofMillis(timeoutMs),
        maxBody,
        redirects,
        agent,
        fetchers,
        frontier,
        batch,
        Duration.ofSeconds(1),
        Duration.ofSeconds(jobTimeout),
        allowRaw.equals("true"));
  }
}
