package dev.ujm.server.api;

import static dev.ujm.server.api.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.api.CreatedApiKey;
import dev.ujm.api.QueueStatsResponse;
import dev.ujm.api.SubmitJobRequest;
import dev.ujm.client.UjmClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queue stats are scoped like jobs (an admin sees its own tenant's counts); {@code /metrics} labels
 * stay bounded however many queue names callers invent; a job for a queue no worker pool serves is
 * shown as such, and refused at submit when {@code UJM_QUEUES_STRICT=true}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueueScopeApiTest {
  @TempDir static Path dir;
  @TempDir static Path strictDir;
  private ServerFixture ujm;
  private UjmClient acmeAdmin;
  private UjmClient globexUser;

  @BeforeAll
  void start() {
    ujm = ServerFixture.start(dir, Map.of("UJM_WORKERS_REPORTS", "2"), b -> {});
    CreatedApiKey acme = ujm.key("admin", "acme", "ann");
    acmeAdmin = ujm.client(acme.key());
    globexUser = ujm.client(ujm.key("user", "globex", "gus").key());
    acmeAdmin.submit(SubmitJobRequest.of("noop", null).withQueue("reports").withDelaySeconds(600L));
    for (int i = 0; i < 3; i++) {
      globexUser.submit(
          SubmitJobRequest.of("noop", null).withQueue("globex-secret").withDelaySeconds(600L));
    }
  }

  @AfterAll
  void stop() {
    ujm.close();
  }

  @Test
  void an_admin_sees_the_queue_counts_of_its_own_tenant_only() {
    QueueStatsResponse acme = acmeAdmin.queues();

    assertThat(acme.queues()).extracting(q -> q.queue()).containsExactly("reports");
    assertThat(acme.totals()).containsEntry("scheduled", 1L);
    assertThat(ujm.admin().queues("globex").queues())
        .extracting(q -> q.queue())
        .containsExactly("globex-secret");
    assertProblem(ujm.send("GET", "/api/v2/queues?tenant=globex", null, null), 401, "unauthorized");
  }

  @Test
  void metrics_fold_the_queues_no_pool_serves_into_one_label() {
    for (int i = 0; i < 50; i++) {
      globexUser.submit(
          SubmitJobRequest.of("noop", null).withQueue("made-up-" + i).withDelaySeconds(600L));
    }

    ujm.server().metrics().sampler().runOnce(); // the job counts are sampled on a timer
    String metrics = ujm.send("GET", "/metrics", null, null).body();

    assertThat(metrics).doesNotContain("made-up-").doesNotContain("globex-secret");
    assertThat(metrics)
        .contains("ujm_jobs{queue=\"(unserved)\",state=\"scheduled\"} 53.0")
        .contains("ujm_jobs{queue=\"reports\",state=\"scheduled\"}");
  }

  @Test
  void a_job_for_a_queue_no_pool_serves_says_so_in_the_job_and_in_the_queue_stats() {
    JsonNode job =
        ServerFixture.json(
            ujm.post("/api/v2/jobs", "{\"type\":\"noop\",\"queue\":\"nobody-serves\"}"));
    JsonNode served =
        ServerFixture.json(ujm.post("/api/v2/jobs", "{\"type\":\"noop\",\"delaySeconds\":600}"));

    assertThat(job.path("queueServed").asBoolean(true)).isFalse();
    assertThat(served.path("queueServed").asBoolean(false)).isTrue();
    assertThat(
            ServerFixture.json(ujm.get("/api/v2/jobs/" + job.path("id").asText()))
                .path("queueServed")
                .asBoolean(true))
        .isFalse();
    assertThat(ujm.admin().queues().queues())
        .filteredOn(q -> q.queue().equals("nobody-serves"))
        .singleElement()
        .satisfies(q -> assertThat(q.served()).isFalse());
    assertThat(ujm.admin().queues().queues())
        .filteredOn(q -> q.queue().equals("noop"))
        .singleElement()
        .satisfies(q -> assertThat(q.served()).isTrue());
  }

  @Test
  void with_strict_queues_a_job_for_a_queue_no_pool_serves_is_refused() {
    try (ServerFixture strict =
        ServerFixture.start(
            strictDir, Map.of("UJM_QUEUES_STRICT", "true", "UJM_WORKERS_REPORTS", "1"), b -> {})) {
      JsonNode problem =
          assertProblem(
              strict.post("/api/v2/jobs", "{\"type\":\"noop\",\"queue\":\"nobody-serves\"}"),
              400,
              "invalid-option");
      assertThat(problem.path("field").asText()).isEqualTo("queue");
      assertProblem(
          strict.post(
              "/api/v2/jobs/batch",
              "{\"jobs\":[{\"type\":\"noop\"},{\"type\":\"noop\",\"queue\":\"nobody\"}]}"),
          400,
          "invalid-option");
      assertThat(
              strict.post("/api/v2/jobs", "{\"type\":\"noop\",\"queue\":\"reports\"}").statusCode())
          .isEqualTo(201);
      assertThat(strict.post("/api/v2/jobs", "{\"type\":\"noop\"}").statusCode()).isEqualTo(201);
      assertThat(strict.admin().list(dev.ujm.client.JobFilter.any()).items()).hasSize(2);
    }
  }
}
