package dev.ujm.server.api;

import static dev.ujm.server.api.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.api.SubmitJobRequest;
import dev.ujm.core.model.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lists answer a summary of each job (no payload, no result) unless {@code ?view=full} or {@code
 * ?fields=} asks for more, and no list answer grows past its byte budget: a page of big jobs is
 * shorter than asked, and its cursor goes on from where it stopped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListViewApiTest {
  private static final int BIG_JOBS = 20;
  private static final int PAYLOAD_CHARS = 300_000;
  private static final int BUDGET = 4 * 1024 * 1024;

  @TempDir static Path dir;
  private ServerFixture ujm;
  private final List<String> big = new ArrayList<>();

  @BeforeAll
  void start() {
    ujm = ServerFixture.start(dir);
    String text = "x".repeat(PAYLOAD_CHARS);
    for (int i = 0; i < BIG_JOBS; i++) {
      big.add(
          ujm.admin()
              .submit(
                  SubmitJobRequest.of(
                          "echo", Json.mapper().createObjectNode().put("n", i).put("text", text))
                      .withTags(List.of("big")))
              .job()
              .id());
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                ServerFixture.json(ujm.get("/api/v2/jobs?tag=big&state=completed&limit=100"))
                        .path("items")
                        .size()
                    == BIG_JOBS);
  }

  @AfterAll
  void stop() {
    ujm.close();
  }

  private static List<JsonNode> items(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<JsonNode> items = new ArrayList<>();
    ServerFixture.json(response).path("items").forEach(items::add);
    return items;
  }

  @Test
  void a_list_shows_a_summary_without_payload_or_result_by_default() {
    HttpResponse<String> page = ujm.get("/api/v2/jobs?tag=big&limit=100");

    List<JsonNode> items = items(page);
    assertThat(items).hasSize(BIG_JOBS);
    assertThat(items)
        .allSatisfy(
            job -> {
              assertThat(job.has("payload")).isFalse();
              assertThat(job.has("result")).isFalse();
              assertThat(job.has("checkpoint")).isFalse();
              assertThat(job.path("state").asText()).isEqualTo("completed");
              assertThat(job.path("type").asText()).isEqualTo("echo");
            });
    assertThat(page.body().length()).isLessThan(50_000);
    assertThat(ujm.get("/api/v2/jobs/" + big.get(0)).body()).contains("\"payload\"");
  }

  @Test
  void view_full_pages_stay_within_the_byte_budget_and_their_cursors_cover_every_job_once() {
    Set<String> seen = new HashSet<>();
    List<Integer> sizes = new ArrayList<>();
    String cursor = null;
    do {
      HttpResponse<String> page =
          ujm.get(
              "/api/v2/jobs?tag=big&view=full&limit=100"
                  + (cursor == null ? "" : "&cursor=" + cursor));
      List<JsonNode> items = items(page);
      assertThat(page.body().length()).isLessThan(BUDGET + 2 * 2 * PAYLOAD_CHARS);
      items.forEach(
          job -> {
            assertThat(job.path("payload").path("text").asText()).hasSize(PAYLOAD_CHARS);
            assertThat(job.path("result").path("text").asText()).hasSize(PAYLOAD_CHARS);
            assertThat(seen.add(job.path("id").asText())).isTrue();
          });
      sizes.add(items.size());
      JsonNode next = ServerFixture.json(page).path("nextCursor");
      cursor = next.isNull() ? null : next.asText();
    } while (cursor != null);

    assertThat(seen).containsExactlyInAnyOrderElementsOf(big);
    assertThat(sizes.getFirst()).isLessThan(BIG_JOBS);
  }

  @Test
  void fields_keep_only_the_named_fields_and_the_id() {
    List<JsonNode> items = items(ujm.get("/api/v2/jobs?tag=big&fields=state,payload&limit=3"));

    assertThat(items).hasSize(3);
    assertThat(items)
        .allSatisfy(
            job -> {
              List<String> names = new ArrayList<>();
              job.fieldNames().forEachRemaining(names::add);
              assertThat(names).containsExactlyInAnyOrder("id", "state", "payload");
            });
  }

  @Test
  void an_unknown_view_or_field_or_both_at_once_are_refused() {
    assertThat(
            assertProblem(ujm.get("/api/v2/jobs?view=everything"), 400, "invalid-request")
                .path("field")
                .asText())
        .isEqualTo("view");
    assertThat(
            assertProblem(ujm.get("/api/v2/jobs?fields=state,secret"), 400, "invalid-request")
                .path("field")
                .asText())
        .isEqualTo("fields");
    assertProblem(ujm.get("/api/v2/jobs?fields=state&view=full"), 400, "invalid-request");
  }
}
