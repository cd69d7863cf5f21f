package dev.ujm.jobs.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.test.TestJobContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One crawl of the generated site, checked page by page: what was fetched, skipped, failed and
 * stored.
 */
class CrawlOfGeneratedSiteTest {
  private static TestSite site;
  private static JobOutcome outcome;
  private static Map<String, JsonNode> pages;
  private static TestJobContext<CrawlPayload> ctx;

  @BeforeAll
  static void crawlTheSite() throws Exception {
    site = GeneratedSite.start("0.002");
    Map<String, String> settings = CrawlKit.fastSettings();
    settings.put("UJM_CRAWL_FETCHERS_PER_JOB", "1");
    ctx =
        TestJobContext.firstAttempt(
            CrawlJobHandler.TYPE,
            CrawlPayload.of(site.base()).withMaxPages(1000).withUserAgent("TestBot/1.0"));
    outcome = CrawlKit.run(CrawlKit.deps(settings), ctx);
    pages = CrawlKit.byPath(site, ctx.results());
  }

  @AfterAll
  static void stopSite() {
    site.close();
  }

  @Test
  void the_crawl_completes_with_a_summary_that_adds_up() {
    assertThat(outcome).isInstanceOf(JobOutcome.Completed.class);
    JsonNode summary = ((JobOutcome.Completed) outcome).result();
    assertThat(summary.get("pagesStored").asLong()).isEqualTo(pages.size()).isEqualTo(340);
    assertThat(summary.get("pagesFetched").asLong()).isEqualTo(GeneratedSite.fetchedPaths().size());
    assertThat(summary.get("failed").asLong()).isEqualTo(6);
    assertThat(summary.get("skippedByRobots").asLong()).isEqualTo(2);
    assertThat(summary.get("duplicates").asLong()).isEqualTo(1);
    assertThat(summary.get("otherSkips").asLong()).isEqualTo(2);
    assertThat(summary.get("nonHtml").asLong()).isEqualTo(1);
    assertThat(summary.get("redirects").asLong()).isEqualTo(4);
    assertThat(summary.get("maxPagesReached").asBoolean()).isFalse();
    assertThat(summary.get("resumed").asBoolean()).isFalse();
  }

  @Test
  void every_reachable_page_within_depth_is_fetched_once_and_stored_once() {
    List<String> fetched =
        pages.entrySet().stream()
            .filter(e -> e.getValue().path("status").asInt() == 200 && !e.getValue().has("error"))
            .map(Map.Entry::getKey)
            .toList();
    assertThat(fetched).containsExactlyInAnyOrderElementsOf(GeneratedSite.fetchedPaths());
    List<String> requested = site.requestedPaths();
    assertThat(new HashSet<>(requested)).hasSameSizeAs(requested);
  }

  @Test
  void the_failures_are_recorded_with_their_reason() {
    assertThat(pages.get("/missing").get("status").asInt()).isEqualTo(404);
    assertThat(pages.get("/broken").get("status").asInt()).isEqualTo(500);
    assertThat(pages.get("/slow").get("error").asText()).startsWith("timeout");
    assertThat(pages.get("/slow").has("status")).isFalse();
    assertThat(pages.get("/huge").get("error").asText()).isEqualTo("body larger than 65536 bytes");
    assertThat(pages.get("/huge-chunked").get("error").asText())
        .isEqualTo("body larger than 65536 bytes");
    assertThat(pages.get("/loop-a").get("error").asText()).startsWith("redirect loop");
  }

  @Test
  void robots_txt_is_read_once_and_keeps_the_crawl_out_of_the_disallowed_section() {
    assertThat(site.requestedPaths()).filteredOn("/robots.txt"::equals).hasSize(1);
    assertThat(site.requestedPaths()).noneMatch(p -> p.startsWith("/private/"));
    assertThat(pages.get("/private/a").get("skipped").asText()).isEqualTo("robots");
    assertThat(pages.get("/private/b").get("skipped").asText()).isEqualTo("robots");
    assertThat(pages.get("/private/a").has("status")).isFalse();
    assertThat(site.requests()).allMatch(r -> "TestBot/1.0".equals(r.userAgent()));
  }

  @Test
  void redirects_are_followed_and_recorded_under_the_url_that_was_queued() {
    JsonNode old = pages.get("/old-page");
    assertThat(old.get("status").asInt()).isEqualTo(200);
    assertThat(old.get("finalUrl").asText()).isEqualTo(site.url("/new-page"));
    assertThat(old.get("redirects").get(0).get("status").asInt()).isEqualTo(301);
    assertThat(old.get("title").asText()).isEqualTo("New page");
    assertThat(pages).doesNotContainKey("/new-page");
    JsonNode toSeen = pages.get("/to-section-0");
    assertThat(toSeen.get("status").asInt()).isEqualTo(302);
    assertThat(toSeen.get("skipped").asText()).isEqualTo("redirect-to-seen-url");
    assertThat(toSeen.get("duplicateOf").asText()).isEqualTo(site.url("/section/0"));
  }

  @Test
  void duplicate_content_and_non_canonical_copies_are_fetched_but_not_followed() {
    JsonNode dup = pages.get("/dup-b");
    assertThat(dup.get("skipped").asText()).isEqualTo("duplicate-content");
    assertThat(dup.get("duplicateOf").asText()).isEqualTo(site.url("/dup-a"));
    assertThat(dup.get("contentHash").asText())
        .isEqualTo(pages.get("/dup-a").get("contentHash").asText());
    JsonNode print = pages.get("/print/section-3");
    assertThat(print.get("skipped").asText()).isEqualTo("non-canonical");
    assertThat(print.get("canonical").asText()).isEqualTo(site.url("/section/3"));
    assertThat(site.requestedPaths()).doesNotContain("/never-linked", "/deep/4");
  }

  @Test
  void non_html_is_recorded_but_not_parsed() {
    JsonNode pdf = pages.get("/report.pdf");
    assertThat(pdf.get("contentType").asText()).isEqualTo("application/pdf");
    assertThat(pdf.get("bytes").asLong()).isPositive();
    assertThat(pdf.has("title")).isFalse();
    assertThat(pdf.has("outLinks")).isFalse();
  }

  @Test
  void sitemaps_add_pages_no_link_leads_to() {
    assertThat(pages.get("/orphan").get("depth").asInt()).isEqualTo(1);
    assertThat(pages.get("/orphan").get("description").asText())
        .isEqualTo("Only the sitemap knows me");
  }

  @Test
  void each_html_page_record_holds_what_the_page_says() {
    JsonNode home = pages.get("/");
    assertThat(home.get("title").asText()).isEqualTo("Home");
    assertThat(home.get("description").asText()).isEqualTo("The generated test site");
    assertThat(home.get("depth").asInt()).isZero();
    assertThat(home.get("outLinks").asInt())
        .isEqualTo(20 + 16 + 1 + 1); // sections, specials, off-site, #top (the home page itself)
    assertThat(home.get("textBytes").asInt()).isPositive();
    assertThat(home.get("contentHash").asText()).hasSize(64);
    assertThat(home.get("fetchedAt").asText()).isNotBlank();
    assertThat(home.get("attempt").asInt()).isEqualTo(1);
    assertThat(pages.get("/section/4/page/7").get("depth").asInt()).isEqualTo(2);
    assertThat(pages.get("/deep/3").get("depth").asInt()).isEqualTo(3);
  }

  @Test
  void progress_is_reported_with_done_and_planned_pages() {
    var last = ctx.progressReports().get(ctx.progressReports().size() - 1);
    assertThat(last.current()).isEqualTo(340);
    assertThat(last.total()).isEqualTo(340);
    assertThat(last.percent()).isEqualTo(100);
    assertThat(last.message()).contains("pages/s");
  }

  @Test
  void the_server_saw_only_the_requests_it_had_to() {
    Set<String> expected = new HashSet<>(GeneratedSite.fetchedPaths());
    expected.addAll(
        List.of(
            "/robots.txt",
            "/sitemap.xml",
            "/new-page",
            "/to-section-0",
            "/loop-a",
            "/loop-b",
            "/missing",
            "/broken",
            "/slow",
            "/huge",
            "/huge-chunked"));
    assertThat(new ArrayList<>(site.requestedPaths()))
        .containsExactlyInAnyOrderElementsOf(expected);
  }
}
