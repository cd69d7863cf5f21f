package dev.ujm.server.api;

import static dev.ujm.server.api.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.api.JobResultResponse;
import dev.ujm.api.JobStatusList;
import dev.ujm.api.JobView;
import dev.ujm.api.ListResponse;
import dev.ujm.api.SubmitJobRequest;
import dev.ujm.client.JobFilter;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Lists with filters and cursors, batch status, results in pages, queue stats and workers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobQueryApiTest {
  @TempDir static Path dir;
  private ServerFixture ujm;

  /** Payload of the test type {@code pages}: how many result items to store. */
  public record PagesPayload(int count) {}

  @BeforeAll
  void start() {
    JobDefinition<PagesPayload> pages =
        JobDefinition.of(
            "pages",
            PagesPayload.class,
            ctx -> {
              ctx.appendResults(
                  IntStream.range(0, ctx.payload().count())
                      .mapToObj(i -> Map.of("page", i))
                      .toList());
              return JobOutcome.completed(Map.of("pages", ctx.payload().count()));
            });
    ujm = ServerFixture.start(dir, Map.of(), b -> b.register(pages));
  }

  @AfterAll
  void stop() {
    ujm.close();
  }

  @Test
  void the_list_pages_through_every_job_newest_first_without_repeats() {
    List<String> submitted = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      submitted.add(
          ujm.admin()
              .submit(SubmitJobRequest.of("noop", null).withTags(List.of("paging")))
              .job()
              .id());
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      var query = "/api/v2/jobs?tag=paging&limit=5" + (cursor == null ? "" : "&cursor=" + cursor);
      JsonNode page = ServerFixture.json(ujm.get(query));
      page.path("items").forEach(j -> seen.add(j.path("id").asText()));
      cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
      pages++;
    } while (cursor != null);

    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyElementsOf(submitted.reversed());
  }

  @Test
  void the_list_filters_by_state_and_type() {
    JobView scheduled =
        ujm.admin().submit(SubmitJobRequest.of("echo", null).withDelaySeconds(3600L)).job();

    ListResponse<JobView> page =
        ujm.admin().list(JobFilter.any().withState("scheduled,waiting").withType("echo"));

    assertThat(page.items()).extracting(JobView::id).contains(scheduled.id());
    assertThat(page.items()).allSatisfy(j -> assertThat(j.type()).isEqualTo("echo"));
    assertThat(page.items()).allSatisfy(j -> assertThat(j.state()).isIn("scheduled", "waiting"));
  }

  @Test
  void bad_list_parameters_are_refused() {
    assertProblem(ujm.get("/api/v2/jobs?state=sleeping"), 400, "invalid-request");
    assertProblem(ujm.get("/api/v2/jobs?limit=0"), 400, "invalid-request");
    assertProblem(ujm.get("/api/v2/jobs?limit=1001"), 400, "invalid-request");
    assertProblem(ujm.get("/api/v2/jobs?createdFrom=yesterday"), 400, "invalid-request");
  }

  @Test
  void batch_status_answers_the_visible_jobs_in_order_and_names_the_missing_ids() {
    String a = ujm.admin().submit(SubmitJobRequest.of("noop", null)).job().id();
    String b = ujm.admin().submit(SubmitJobRequest.of("noop", null)).job().id();

    String missing = "01a2239d-4534-729f-96f3-2563e13cbf68";
    JobStatusList status = ujm.admin().status(List.of(b, missing, a));

    assertThat(status.items()).extracting(s -> s.id()).containsExactly(b, a);
    assertThat(status.notFound()).containsExactly(missing);
    assertProblem(ujm.get("/api/v2/jobs/status"), 400, "invalid-request");
    assertProblem(ujm.get("/api/v2/jobs/status?ids=" + a + ",no-such-job"), 400, "invalid-request");
  }

  @Test
  void the_result_of_a_job_is_its_result_and_its_items_in_pages() {
    JobView job =
        ujm.admin()
            .submit(
                SubmitJobRequest.of(
                    "pages", dev.ujm.core.model.Json.mapper().createObjectNode().put("count", 25)))
            .job();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ujm.admin().get(job.id()).state().equals("completed"));

    Set<Integer> pages = new HashSet<>();
    String cursor = null;
    int requests = 0;
    do {
      JobResultResponse result = ujm.admin().result(job.id(), cursor, 10);
      assertThat(result.result().path("pages").asInt()).isEqualTo(25);
      result.items().forEach(item -> assertThat(pages.add(item.path("page").asInt())).isTrue());
      cursor = result.nextCursor();
      requests++;
    } while (cursor != null);

    assertThat(requests).isEqualTo(3);
    assertThat(pages).hasSize(25);
  }

  @Test
  void queue_stats_count_every_state_per_queue_and_in_total() {
    ujm.admin()
        .submit(SubmitJobRequest.of("noop", null).withQueue("stats-queue").withDelaySeconds(3600L));

    var stats = ujm.admin().queues();

    var queue =
        stats.queues().stream()
            .filter(q -> q.queue().equals("stats-queue"))
            .findFirst()
            .orElseThrow();
    assertThat(queue.counts())
        .containsEntry("scheduled", 1L)
        .containsKeys("queued", "processing", "completed", "failed");
    assertThat(stats.totals())
        .containsKeys(
            "scheduled", "waiting", "queued", "processing", "completed", "failed", "cancelled");
    assertThat(stats.totals().get("scheduled")).isGreaterThanOrEqualTo(1L);
  }

  @Test
  void workers_show_a_pool_per_queue_of_this_node() {
    var workers = ujm.admin().workers();

    assertThat(workers.nodeId()).isNotBlank();
    assertThat(workers.state()).isEqualTo("running");
    assertThat(workers.pools())
        .extracting(p -> p.queue())
        .contains("noop", "sleep", "echo", "pages");
    assertThat(workers.pools()).allSatisfy(p -> assertThat(p.size()).isEqualTo(4));
  }
}
