package dev.ujm.jobs.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import crawlercommons.robots.BaseRobotRules;
import dev.ujm.core.cluster.HostPoliteness;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Two nodes' crawlers on one {@link HostPoliteness} that shares robots.txt files: the file is
 * fetched once, by the first node, and the second reads the same rules from what was shared.
 */
class SharedRobotsTest {

  /** Turns from one limiter, robots.txt files in one map: what a shared backend keeps. */
  private static final class SharedBetweenNodes implements HostPoliteness {
    private final HostLimiter turns = new HostLimiter();
    private final Map<String, RobotsFile> files = new ConcurrentHashMap<>();

    @Override
    public Permit acquire(String host, Policy policy, BooleanSupplier cancelled)
        throws InterruptedException {
      return turns.acquire(host, policy, cancelled);
    }

    @Override
    public Optional<RobotsFile> robotsFile(String host) {
      return Optional.ofNullable(files.get(host));
    }

    @Override
    public void shareRobotsFile(String host, RobotsFile file) {
      files.put(host, file);
    }
  }

  @Test
  void a_robots_txt_one_node_fetched_is_read_by_the_other_without_fetching_it_again()
      throws Exception {
    try (TestSite site = new TestSite()) {
      site.body(
          "/robots.txt",
          200,
          "text/plain",
          "User-agent: *\nDisallow: /private/\nCrawl-delay: 2\n".getBytes(StandardCharsets.UTF_8));
      SharedBetweenNodes shared = new SharedBetweenNodes();
      CrawlDependencies first = CrawlKit.deps(CrawlKit.fastSettings(), shared);
      CrawlDependencies second = CrawlKit.deps(CrawlKit.fastSettings(), shared);

      BaseRobotRules fromFetch = first.robots().rulesFor(site.url("/a"), "UJM-Crawler/0.1", no());
      BaseRobotRules fromShare = second.robots().rulesFor(site.url("/b"), "UJM-Crawler/0.1", no());

      assertThat(site.requestedPaths()).containsExactly("/robots.txt");
      HostPoliteness.RobotsFile file =
          shared.robotsFile(UrlNormalizer.hostKey(site.url("/"))).get();
      assertThat(file.status()).isEqualTo(200);
      assertThat(file.freshFor()).isEqualTo(RobotsCache.TTL);
      for (BaseRobotRules rules : new BaseRobotRules[] {fromFetch, fromShare}) {
        assertThat(rules.isAllowed(site.url("/private/x"))).isFalse();
        assertThat(rules.isAllowed(site.url("/public"))).isTrue();
        assertThat(rules.getCrawlDelay()).isEqualTo(Duration.ofSeconds(2).toMillis());
      }
    }
  }

  @Test
  void an_unreachable_robots_txt_is_shared_for_the_short_failure_time_only() throws Exception {
    try (TestSite site = new TestSite()) {
      site.body("/robots.txt", 503, "text/plain", new byte[0]);
      SharedBetweenNodes shared = new SharedBetweenNodes();
      CrawlDependencies node = CrawlKit.deps(CrawlKit.fastSettings(), shared);

      BaseRobotRules rules = node.robots().rulesFor(site.url("/a"), "UJM-Crawler/0.1", no());

      assertThat(rules.isAllowed(site.url("/a"))).isFalse();
      HostPoliteness.RobotsFile file =
          shared.robotsFile(UrlNormalizer.hostKey(site.url("/"))).get();
      assertThat(file.status()).isZero();
      assertThat(file.freshFor()).isEqualTo(RobotsCache.FAILURE_TTL);
    }
  }

  private static BooleanSupplier no() {
    return () -> false;
  }
}
