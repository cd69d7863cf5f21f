package dev.ujm.jobs.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ujm.core.handler.JobOutcome;
import dev.ujm.test.TestJobContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Cancelling a crawl stops it within a second and keeps the pages stored before. */
class CancelCrawlTest {

  @Test
  void
      a_cancelled_crawl_stops_within_a_second_even_while_waiting_for_a_polite_turn_and_keeps_its_stored_pages()
          throws Exception {
    try (TestSite site = new TestSite()) {
      List<String> links = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        links.add("/p" + i);
        site.html("/p" + i, GeneratedSite.page("P" + i, null, null, List.of("/")));
      }
      site.html("/", GeneratedSite.page("Home", null, null, links));
      Map<String, String> settings = CrawlKit.fastSettings();
      settings.put("UJM_CRAWL_RESULT_BATCH", "1");
      settings.put(
          "UJM_CRAWL_DEFAULT_DELAY_MS", "30000"); // after the first page the crawl can only wait
      TestJobContext<CrawlPayload> ctx =
          TestJobContext.firstAttempt(
              CrawlJobHandler.TYPE, CrawlPayload.of(site.base()).withRespectRobots(false));

      CompletableFuture<JobOutcome> outcome = CrawlKit.start(CrawlKit.deps(settings), ctx);
      await().atMost(Duration.ofSeconds(10)).until(() -> ctx.results().size() == 1);
      ctx.cancelByUser();

      await().atMost(Duration.ofSeconds(1)).until(outcome::isDone);
      assertThat(outcome.get()).isInstanceOf(JobOutcome.Cancelled.class);
      assertThat(ctx.results()).hasSize(1);
      assertThat(ctx.results().get(0).get("url").asText()).isEqualTo(site.base());
      assertThat(site.requestedPaths()).containsExactly("/");
    }
  }

  @Test
  void a_cancelled_crawl_aborts_a_request_in_flight() throws Exception {
    try (TestSite site = new TestSite()) {
      site.stall("/");
      Map<String, String> settings = CrawlKit.fastSettings();
      settings.put("UJM_CRAWL_REQUEST_TIMEOUT_MS", "60000");
      TestJobContext<CrawlPayload> ctx =
          TestJobContext.firstAttempt(
              CrawlJobHandler.TYPE, CrawlPayload.of(site.base()).withRespectRobots(false));

      CompletableFuture<JobOutcome> outcome = CrawlKit.start(CrawlKit.deps(settings), ctx);
      await().atMost(Duration.ofSeconds(10)).until(() -> site.requestedPaths().contains("/"));
      ctx.cancelByUser();

      await().atMost(Duration.ofSeconds(1)).until(outcome::isDone);
      assertThat(outcome.get()).isInstanceOf(JobOutcome.Cancelled.class);
      assertThat(ctx.results()).isEmpty();
    }
  }
}
