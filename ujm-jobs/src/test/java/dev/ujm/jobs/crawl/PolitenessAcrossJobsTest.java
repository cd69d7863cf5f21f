package dev.ujm.jobs.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.core.handler.JobOutcome;
import dev.ujm.test.TestJobContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Fifty crawl jobs on one host at once share the node's host limiter and together keep the host's
 * crawl-delay.
 */
class PolitenessAcrossJobsTest {
  private static final int JOBS = 50;
  private static final Duration CRAWL_DELAY = Duration.ofMillis(20);

  @Test
  void fifty_concurrent_crawls_of_one_host_keep_its_crawl_delay_between_all_their_requests()
      throws Exception {
    try (TestSite site = new TestSite()) {
      site.body(
          "/robots.txt",
          200,
          "text/plain",
          "User-agent: *\nCrawl-delay: 0.02\n".getBytes(StandardCharsets.UTF_8));
      for (int j = 0; j < JOBS; j++) {
        site.html(
            "/site-" + j + "/",
            GeneratedSite.page("Site " + j, null, null, List.of("/site-" + j + "/about")));
        site.html(
            "/site-" + j + "/about",
            GeneratedSite.page("About " + j, null, null, List.of("/site-" + j + "/")));
      }
      CrawlDependencies shared = CrawlKit.deps(CrawlKit.fastSettings());
      List<TestJobContext<CrawlPayload>> contexts = new ArrayList<>();
      List<CompletableFuture<JobOutcome>> outcomes = new ArrayList<>();
      for (int j = 0; j < JOBS; j++) {
        TestJobContext<CrawlPayload> ctx =
            TestJobContext.firstAttempt(
                CrawlJobHandler.TYPE, CrawlPayload.of(site.url("/site-" + j + "/")));
        contexts.add(ctx);
        outcomes.add(CrawlKit.start(shared, ctx));
      }
      CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).get();

      for (int j = 0; j < JOBS; j++) {
        assertThat(outcomes.get(j).get()).isInstanceOf(JobOutcome.Completed.class);
        assertThat(contexts.get(j).results()).hasSize(2);
      }
      List<TestSite.Request> requests = site.requests();
      assertThat(requests).hasSize(1 + 2 * JOBS);
      assertThat(requests.get(0).path()).isEqualTo("/robots.txt");
      for (int i = 1; i < requests.size(); i++) {
        long gap = requests.get(i).arrivedNanos() - requests.get(i - 1).arrivedNanos();
        assertThat(Duration.ofNanos(gap))
            .as("gap before request %d (%s)", i, requests.get(i).path())
            .isGreaterThanOrEqualTo(CRAWL_DELAY);
      }
    }
  }
}
