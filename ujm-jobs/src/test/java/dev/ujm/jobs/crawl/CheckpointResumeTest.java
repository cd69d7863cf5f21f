package dev.ujm.jobs.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.test.TestJobContext;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A crawl attempt that stops resumes from its checkpoint instead of starting over. */
class CheckpointResumeTest {
  private static final int ALL_PAGES = 340;

  @Test
  void an_attempt_handed_back_at_shutdown_is_finished_by_the_next_without_refetching_a_stored_page()
      throws Exception {
    try (TestSite site = GeneratedSite.start("0.001")) {
      CrawlPayload payload = CrawlPayload.of(site.base()).withMaxPages(1000);
      TestJobContext<CrawlPayload> first =
          TestJobContext.firstAttempt(CrawlJobHandler.TYPE, payload);
      first.afterEachAppend(
          c -> {
            if (c.results().size() >= 100) {
              c.shutDown();
            }
          });
      JobOutcome stopped = CrawlKit.run(CrawlKit.deps(CrawlKit.fastSettings()), first);
      JsonNode checkpoint = first.checkpointNow();
      int requestsBefore = site.requests().size();

      TestJobContext<CrawlPayload> second = first.nextAttempt(checkpoint);
      JobOutcome finished = CrawlKit.run(CrawlKit.deps(CrawlKit.fastSettings()), second);

      assertThat(stopped).isInstanceOf(JobOutcome.Cancelled.class);
      assertThat(finished).isInstanceOf(JobOutcome.Completed.class);
      JsonNode summary = ((JobOutcome.Completed) finished).result();
      assertThat(summary.get("resumed").asBoolean()).isTrue();
      assertThat(summary.get("pagesStored").asLong()).isEqualTo(ALL_PAGES);
      Map<String, JsonNode> before = CrawlKit.byPath(site, first.results());
      Map<String, JsonNode> after = CrawlKit.byPath(site, second.results());
      assertThat(before.size()).isGreaterThanOrEqualTo(100);
      assertThat(checkpoint.get("counts").get("pagesStored").asInt()).isEqualTo(before.size());
      assertThat(after.keySet()).doesNotContainAnyElementsOf(before.keySet());
      assertThat(before.size() + after.size()).isEqualTo(ALL_PAGES);
      List<String> refetched =
          site.requestedPaths().subList(requestsBefore, site.requests().size());
      assertThat(refetched).doesNotContainAnyElementsOf(requestedFor(before));
      assertThat(second.results()).allMatch(r -> r.get("attempt").asInt() == 2);
    }
  }

  @Test
  void
      after_a_crash_the_next_attempt_refetches_only_pages_stored_after_the_last_checkpoint_and_misses_none()
          throws Exception {
    try (TestSite site = GeneratedSite.start("0.001")) {
      CrawlPayload payload = CrawlPayload.of(site.base()).withMaxPages(1000);
      TestJobContext<CrawlPayload> first =
          TestJobContext.firstAttempt(CrawlJobHandler.TYPE, payload);
      AtomicReference<JsonNode> lastCheckpoint = new AtomicReference<>();
      first.afterEachAppend(
          c -> {
            if (lastCheckpoint.get() == null && c.results().size() >= 60) {
              lastCheckpoint.set(c.checkpointNow()); // the runtime's checkpoint timer fires
            }
            if (c.results().size() >= 150) {
              c.cancelByUser(); // the process dies: nothing it writes from now on is kept
            }
          });
      CrawlKit.run(CrawlKit.deps(CrawlKit.fastSettings()), first);
      JsonNode checkpoint = lastCheckpoint.get();
      int requestsBefore = site.requests().size();

      TestJobContext<CrawlPayload> second = first.nextAttempt(checkpoint);
      JobOutcome finished = CrawlKit.run(CrawlKit.deps(CrawlKit.fastSettings()), second);

      assertThat(finished).isInstanceOf(JobOutcome.Completed.class);
      int committed = checkpoint.get("counts").get("pagesStored").asInt();
      assertThat(committed).isPositive();
      List<JsonNode> storedBeforeCheckpoint = first.results().subList(0, committed);
      Map<String, JsonNode> covered = CrawlKit.byPath(site, storedBeforeCheckpoint);
      List<String> refetched =
          site.requestedPaths().subList(requestsBefore, site.requests().size());
      assertThat(refetched).doesNotContainAnyElementsOf(requestedFor(covered));
      Set<String> all = new HashSet<>(covered.keySet());
      all.addAll(CrawlKit.byPath(site, second.results()).keySet());
      assertThat(all).hasSize(ALL_PAGES);
      assertThat(((JobOutcome.Completed) finished).result().get("pagesStored").asLong())
          .isEqualTo(ALL_PAGES);
    }
  }

  /**
   * The paths requested to produce these records: their own, and every redirect hop after the
   * first.
   */
  private static Set<String> requestedFor(Map<String, JsonNode> records) {
    Set<String> paths = new HashSet<>();
    records.forEach(
        (path, r) -> {
          if (r.has("status") || r.has("error")) {
            paths.add(path);
          }
          if (r.has("finalUrl")
              && r.get("redirects").size() > 0
              && r.path("skipped").isMissingNode()) {
            String finalUrl = r.get("finalUrl").asText();
            paths.add(finalUrl.substring(finalUrl.indexOf('/', "http://".length())));
          }
        });
    return paths;
  }
}
