package dev.ujm.jobs.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.engine.Ujm;
import dev.ujm.core.memory.InMemoryJobStore;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.store.Page;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Crawl jobs run by the real worker runtime on the in-memory reference store. */
class CrawlOnTheRuntimeTest {
  private final JobStore store = new InMemoryJobStore(InstantSource.system());
  private final List<Ujm> nodes = new ArrayList<>();

  @AfterEach
  void stopNodes() {
    nodes.forEach(n -> n.stop(Duration.ZERO));
    store.close();
  }

  @Test
  void a_submitted_crawl_completes_with_its_summary_and_pages_readable_page_by_page()
      throws Exception {
    try (TestSite site = GeneratedSite.start("0")) {
      Ujm ujm = startNode("node-a");
      String id = ujm.submit(crawlOf(site, Map.of())).job().id();

      Job done = awaitFinal(id, Duration.ofSeconds(60));
      assertThat(done.state()).isEqualTo(JobState.COMPLETED);
      assertThat(done.result().get("pagesStored").asInt()).isEqualTo(340);
      assertThat(done.progress().current())
          .isPositive(); // the last report may still be coalescing at completion
      assertThat(done.progress().message()).contains("pages/s");
      List<JsonNode> pages = allResults(id, 64);
      assertThat(pages).hasSize(340);
      assertThat(pages.stream().map(p -> p.get("url").asText()).distinct()).hasSize(340);
    }
  }

  @Test
  void a_crawl_handed_back_at_shutdown_is_finished_by_another_node_without_refetching_stored_pages()
      throws Exception {
    try (TestSite site = GeneratedSite.start("0.01")) {
      Ujm first = startNode("node-a");
      String id = first.submit(crawlOf(site, Map.of())).job().id();
      await().atMost(Duration.ofSeconds(30)).until(() -> allResults(id, 500).size() >= 40);

      first.stop(Duration.ZERO);
      Job handedBack = store.get(id).orElseThrow();
      int requestsBefore = site.requests().size();
      List<JsonNode> storedBefore = allResults(id, 500);
      startNode("node-b");
      Job done = awaitFinal(id, Duration.ofSeconds(60));

      assertThat(handedBack.state()).isEqualTo(JobState.QUEUED);
      assertThat(handedBack.checkpoint().get("counts").get("pagesStored").asInt())
          .isEqualTo(storedBefore.size());
      assertThat(done.state()).isEqualTo(JobState.COMPLETED);
      assertThat(done.result().get("resumed").asBoolean()).isTrue();
      List<JsonNode> all = allResults(id, 500);
      assertThat(all).hasSize(340);
      assertThat(all.stream().map(p -> p.get("url").asText()).distinct()).hasSize(340);
      Set<String> storedPaths = new HashSet<>(CrawlKit.byPath(site, storedBefore).keySet());
      assertThat(site.requestedPaths().subList(requestsBefore, site.requests().size()))
          .doesNotContainAnyElementsOf(storedPaths);
    }
  }

  @Test
  void cancelling_a_running_crawl_stops_it_within_a_second_and_keeps_its_pages() throws Exception {
    try (TestSite site = GeneratedSite.start("0.05")) {
      Ujm ujm = startNode("node-a");
      String id = ujm.submit(crawlOf(site, Map.of())).job().id();
      await().atMost(Duration.ofSeconds(30)).until(() -> !allResults(id, 500).isEmpty());

      ujm.jobs().cancel(id, "test");

      await().atMost(Duration.ofSeconds(1)).until(() -> ujm.workers().snapshot().running() == 0);
      assertThat(store.get(id).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
      assertThat(allResults(id, 500)).isNotEmpty();
    }
  }

  @Test
  void log_lines_of_a_crawl_carry_its_job_id_also_from_the_fetch_threads() throws Exception {
    LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
    ch.qos.logback.classic.Logger visitorLog = logs.getLogger(PageVisitor.class);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    visitorLog.addAppender(captured);
    visitorLog.setLevel(Level.DEBUG);
    try (TestSite site = GeneratedSite.start("0")) {
      Ujm ujm = startNode("node-a");
      String id = ujm.submit(crawlOf(site, Map.of("maxDepth", 1))).job().id();
      awaitFinal(id, Duration.ofSeconds(60));

      assertThat(captured.list).isNotEmpty();
      assertThat(captured.list)
          .allSatisfy(
              e -> {
                assertThat(e.getThreadName()).startsWith("crawl-" + id);
                assertThat(e.getMDCPropertyMap()).containsEntry("jobId", id);
              });
    } finally {
      visitorLog.detachAppender(captured);
      visitorLog.setLevel(null);
    }
  }

  @Test
  void a_crawl_whose_seed_is_unreachable_fails_after_its_attempts_listing_no_page_and_no_rate()
      throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Ujm ujm = startNode("node-a");
    NewJob job =
        NewJob.ofType("crawl")
            .payload(Map.of("url", "http://127.0.0.1:" + closedPort + "/"))
            .maxAttempts(3)
            .build();
    String id = ujm.submit(job).job().id();

    Job failed = awaitFinal(id, Duration.ofSeconds(30));

    assertThat(failed.state()).isEqualTo(JobState.FAILED);
    assertThat(failed.errors()).hasSize(3);
    assertThat(allResults(id, 10)).isEmpty();
    assertThat(failed.progress().message())
        .startsWith("1 of 1 pages (0 fetched, 0 failed, 1 skipped), 0.0 pages/s");
  }

  private Ujm startNode(String nodeId) {
    Map<String, String> env = new HashMap<>(CrawlKit.fastSettings());
    env.put("UJM_CHECKPOINT_SECONDS", "1");
    Ujm ujm =
        Ujm.builder()
            .store(store)
            .config(UjmConfig.from(env))
            .nodeId(nodeId)
            .retryPolicy(
                new dev.ujm.core.worker.RetryPolicy(
                    dev.ujm.core.worker.RetryPolicy.Jitter.FULL,
                    Duration.ofMillis(10),
                    Duration.ofMillis(50),
                    java.util.random.RandomGenerator.getDefault()))
            .build()
            .start();
    nodes.add(ujm);
    return ujm;
  }

  private static NewJob crawlOf(TestSite site, Map<String, Object> options) {
    Map<String, Object> payload = new HashMap<>(options);
    payload.put("url", site.base());
    payload.putIfAbsent("maxPages", 1000);
    return NewJob.ofType("crawl").payload(payload).build();
  }

  private Job awaitFinal(String id, Duration within) {
    await().atMost(within).until(() -> store.get(id).orElseThrow().state().isFinal());
    return store.get(id).orElseThrow();
  }

  private List<JsonNode> allResults(String id, int pageSize) {
    List<JsonNode> all = new ArrayList<>();
    String cursor = null;
    do {
      Page<JsonNode> page = store.results(id, cursor, pageSize);
      all.addAll(page.items());
      cursor = page.nextCursor();
    } while (cursor != null);
    return all;
  }
}
