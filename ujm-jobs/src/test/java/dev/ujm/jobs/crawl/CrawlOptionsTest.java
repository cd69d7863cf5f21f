package dev.ujm.jobs.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.test.TestJobContext;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The payload options and the seed's fate decide what a crawl does and how the job ends. */
class CrawlOptionsTest {

  @Test
  void max_pages_limits_the_requests_and_the_summary_says_the_limit_was_reached() throws Exception {
    try (TestSite site = GeneratedSite.start("0")) {
      TestJobContext<CrawlPayload> ctx =
          TestJobContext.firstAttempt(
              CrawlJobHandler.TYPE, CrawlPayload.of(site.base()).withMaxPages(25));
      JobOutcome outcome = CrawlKit.run(CrawlKit.deps(CrawlKit.fastSettings()), ctx);

      JsonNode summary = ((JobOutcome.Completed) outcome).result();
      long requested =
          ctx.results().stream().filter(r -> r.has("status") || r.has("error")).count();
      assertThat(requested).isEqualTo(25);
      assertThat(summary.get("maxPagesReached").asBoolean()).isTrue();
      assertThat(summary.get("frontierLeft").asLong()).isPositive();
    }
  }

  @Test
  void max_depth_zero_fetches_only_the_seed() throws Exception {
    try (TestSite site = GeneratedSite.start("0")) {
      TestJobContext<CrawlPayload> ctx =
          TestJobContext.firstAttempt(
              CrawlJobHandler.TYPE, CrawlPayload.of(site.base()).withMaxDepth(0));
      CrawlKit.run(CrawlKit.deps(CrawlKit.fastSettings()), ctx);

      assertThat(CrawlKit.byPath(site, ctx.results())).containsOnlyKeys("/");
      assertThat(site.requestedPaths()).containsExactly("/robots.txt", "/");
    }
  }

  @Test
  void without_respect_for_robots_the_disallowed_section_is_crawled_and_robots_txt_is_not_read()
      throws Exception {
    try (TestSite site = GeneratedSite.start("0")) {
      TestJobContext<CrawlPayload> ctx =
          TestJobContext.firstAttempt(
              CrawlJobHandler.TYPE,
              CrawlPayload.of(site.base()).withMaxDepth(1).withRespectRobots(false));
      CrawlKit.run(CrawlKit.deps(CrawlKit.fastSettings()), ctx);

      Map<String, JsonNode> pages = CrawlKit.byPath(site, ctx.results());
      assertThat(pages.get("/private/a").get("status").asInt()).isEqualTo(200);
      assertThat(site.requestedPaths()).doesNotContain("/robots.txt", "/sitemap.xml");
    }
  }

  @Test
  void include_and_exclude_patterns_choose_the_links_followed() throws Exception {
    try (TestSite site = GeneratedSite.start("0")) {
      CrawlPayload payload =
          CrawlPayload.of(site.base())
              .withMaxDepth(2)
              .withPatterns(List.of("/section/1(/|$)"), List.of("/page/(1[0-4]|[2-9])$"));
      TestJobContext<CrawlPayload> ctx = TestJobContext.firstAttempt(CrawlJobHandler.TYPE, payload);
      CrawlKit.run(CrawlKit.deps(CrawlKit.fastSettings()), ctx);

      assertThat(CrawlKit.byPath(site, ctx.results()).keySet())
          .containsExactlyInAnyOrder("/", "/section/1", "/section/1/page/0", "/section/1/page/1");
    }
  }

  @Test
  void links_to_other_domains_are_followed_only_when_same_domain_is_off() throws Exception {
    try (TestSite other = new TestSite();
        TestSite site = new TestSite()) {
      other.html("/", GeneratedSite.page("Other", null, null, List.of()));
      site.html(
          "/",
          GeneratedSite.page(
              "Home", null, null, List.of(other.base().replace("127.0.0.1", "localhost"))));
      CrawlPayload payload = CrawlPayload.of(site.base()).withRespectRobots(false);

      TestJobContext<CrawlPayload> same =
          TestJobContext.firstAttempt(CrawlJobHandler.TYPE, payload);
      CrawlKit.run(CrawlKit.deps(CrawlKit.fastSettings()), same);
      TestJobContext<CrawlPayload> any =
          TestJobContext.firstAttempt(CrawlJobHandler.TYPE, payload.withSameDomain(false));
      CrawlKit.run(CrawlKit.deps(CrawlKit.fastSettings()), any);

      assertThat(same.results()).hasSize(1);
      assertThat(any.results()).hasSize(2);
      assertThat(other.requestedPaths()).containsExactly("/");
    }
  }

  @Test
  void a_seed_answering_404_fails_the_job_for_good() throws Exception {
    try (TestSite site = new TestSite()) {
      TestJobContext<CrawlPayload> ctx =
          TestJobContext.firstAttempt(
              CrawlJobHandler.TYPE, CrawlPayload.of(site.url("/nothing-here")));
      JobOutcome outcome = CrawlKit.run(CrawlKit.deps(CrawlKit.fastSettings()), ctx);

      assertThat(outcome)
          .isInstanceOfSatisfying(
              JobOutcome.Failed.class, f -> assertThat(f.type()).isEqualTo("crawl.seed-failed"));
      assertThat(ctx.results()).hasSize(1);
    }
  }

  @Test
  void an_unreachable_seed_fails_the_attempt_so_it_is_retried() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    TestJobContext<CrawlPayload> ctx =
        TestJobContext.firstAttempt(
            CrawlJobHandler.TYPE, CrawlPayload.of("http://127.0.0.1:" + closedPort + "/"));

    assertThatThrownBy(() -> CrawlKit.run(CrawlKit.deps(CrawlKit.fastSettings()), ctx))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IOException.class)
        .hasMessageContaining("unreachable");
    assertThat(ctx.results()).as("the retried attempt fetches the seed again").isEmpty();
    assertThat(ctx.progressReports().getLast().message())
        .startsWith("1 of 1 pages (0 fetched, 0 failed, 1 skipped), 0.0 pages/s");
  }
}
