package dev.ujm.server.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.Job;
import dev.ujm.server.bench.crawl.BenchSite;
import dev.ujm.store.sqlite.SqliteJobStore;
import dev.ujm.store.sqlite.SqliteStoreProvider;
import dev.ujm.test.UjmProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a UJM process with {@code kill -9} in the middle of a crawl and starts it again on the same
 * data directory: the crawl must finish from its last checkpoint, fetching no page the checkpoint
 * records as stored, and missing none.
 */
class CrawlCrashTest {
  private static final Logger LOG = LoggerFactory.getLogger(CrawlCrashTest.class);
  private static final int SECTIONS = 20;
  private static final int PAGES_PER_SECTION = 15;
  private static final int ALL_PAGES = 1 + SECTIONS + SECTIONS * PAGES_PER_SECTION;
  private static final Map<String, String> ENV =
      Map.of(
          "UJM_CHECKPOINT_SECONDS", "1",
          "UJM_LEASE_SECONDS", "120",
          "UJM_CRAWL_RESULT_BATCH", "10",
          "UJM_CRAWL_DEFAULT_DELAY_MS", "0",
          "UJM_CRAWL_ALLOW_PRIVATE_NETWORKS", "true", // the crawled site listens on 127.0.0.1
          "LOG_LEVEL", "WARN");

  @TempDir Path dataDir;

  @Test
  void
      a_crawl_killed_mid_run_resumes_from_its_last_checkpoint_without_refetching_and_without_missing_a_page()
          throws Exception {
    try (BenchSite site =
        new BenchSite(InetAddress.getLoopbackAddress(), SECTIONS, PAGES_PER_SECTION, "0.01")) {
      String id;
      try (UjmProcess first = UjmProcess.start(dataDir, ENV)) {
        await().atMost(Duration.ofSeconds(60)).until(first::isHealthy);
        id =
            first
                .postJson("/api/v2/jobs/crawl", Map.of("url", site.base(), "maxPages", 1000))
                .get("id")
                .asText();
        // at ~10 ms a page, 150 stored pages are more than a second of crawling: a checkpoint has
        // been saved
        await().atMost(Duration.ofSeconds(60)).until(() -> results(first, id).size() >= 150);
        first.killHard();
      }
      int requestsBeforeRestart = site.requestedPaths().size();
      Job killed = readJob(id);
      JsonNode checkpoint = killed.checkpoint();
      assertThat(checkpoint).as("a checkpoint was saved before the kill").isNotNull();
      int committed = checkpoint.get("counts").get("pagesStored").asInt();
      assertThat(committed).isPositive().isLessThan(ALL_PAGES);

      List<JsonNode> all;
      try (UjmProcess second = UjmProcess.start(dataDir, ENV)) {
        await().atMost(Duration.ofSeconds(60)).until(second::isHealthy);
        await()
            .atMost(Duration.ofSeconds(120))
            .until(
                () ->
                    second.getJson("/api/v2/jobs/" + id).get("state").asText().equals("completed"));
        all = results(second, id);
        JsonNode summary = second.getJson("/api/v2/jobs/" + id).get("result");
        assertThat(summary.get("pagesStored").asInt()).isEqualTo(ALL_PAGES);
        assertThat(summary.get("resumed").asBoolean()).isTrue();
      }

      Set<String> storedBeforeCheckpoint = new HashSet<>();
      all.subList(0, committed).forEach(r -> storedBeforeCheckpoint.add(path(site, r)));
      List<String> afterRestart =
          site.requestedPaths().subList(requestsBeforeRestart, site.requestedPaths().size());
      assertThat(afterRestart).doesNotContainAnyElementsOf(storedBeforeCheckpoint);
      Set<String> stored = new HashSet<>();
      all.forEach(r -> stored.add(path(site, r)));
      assertThat(stored).containsExactlyInAnyOrderElementsOf(site.pagePaths());
      LOG.info(
          "killed with {} pages in the last checkpoint; {} requests after the restart; {} records stored in all ({} pages"
              + " stored after that checkpoint were fetched again)",
          committed,
          afterRestart.size(),
          all.size(),
          all.size() - ALL_PAGES);
    }
  }

  private Job readJob(String id) {
    try (SqliteJobStore store =
        SqliteJobStore.open(
            dataDir.resolve(SqliteStoreProvider.DATABASE_FILE), InstantSource.system())) {
      return store.get(id).orElseThrow();
    }
  }

  private static List<JsonNode> results(UjmProcess ujm, String id) throws IOException {
    List<JsonNode> items = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          ujm.getJson(
              "/api/v2/jobs/"
                  + id
                  + "/result?limit=200"
                  + (cursor == null
                      ? ""
                      : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
      page.get("items").forEach(items::add);
      cursor = page.path("nextCursor").isTextual() ? page.get("nextCursor").asText() : null;
    } while (cursor != null);
    return items;
  }

  private static String path(BenchSite site, JsonNode record) {
    return "/" + record.get("url").asText().substring(site.base().length());
  }
}
