package dev.ujm.server.api;

import static dev.ujm.server.api.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.ujm.api.SubmitJobRequest;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobOutcome;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that shuts down keeps answering until its workers have handed back: {@code /health} 200,
 * {@code /ready} 503, submits 503 with {@code Retry-After}, reads as usual; only then does the web
 * server close.
 */
class GracefulShutdownTest {
  @TempDir Path dir;

  /** Payload of the test type {@code hold}, which runs until the test lets it go. */
  public record Hold() {}

  @Test
  void while_running_jobs_finish_the_node_answers_health_refuses_submits_and_then_closes()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    JobDefinition<Hold> hold =
        JobDefinition.of(
            "hold",
            Hold.class,
            ctx -> {
              release.await();
              return JobOutcome.completed();
            });
    ServerFixture ujm =
        ServerFixture.start(
            dir, Map.of(), b -> b.register(hold).shutdownGrace(Duration.ofSeconds(60)));
    String id = ujm.admin().submit(SubmitJobRequest.of("hold", null)).job().id();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ujm.admin().get(id).state().equals("processing"));

    URI health = ujm.uri("/health");
    CompletableFuture<Void> closing = CompletableFuture.runAsync(ujm::close);
    try {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> ujm.send("GET", "/ready", null, null).statusCode() == 503);

      assertThat(ServerFixture.json(ujm.send("GET", "/ready", null, null)).path("status").asText())
          .isEqualTo("stopping");
      assertThat(ujm.send("GET", "/health", null, null).statusCode()).isEqualTo(200);
      HttpResponse<String> submit = ujm.post("/api/v2/jobs", "{\"type\":\"noop\"}");
      assertProblem(submit, 503, "shutting-down");
      assertThat(submit.headers().firstValue("Retry-After")).isPresent();
      assertProblem(
          ujm.post("/api/v2/jobs/batch", "{\"jobs\":[{\"type\":\"noop\"}]}"), 503, "shutting-down");
      assertThat(ujm.get("/api/v2/jobs/" + id).statusCode()).isEqualTo(200);
      assertThat(closing).isNotDone();
    } finally {
      release.countDown();
    }

    closing.get();
    Throwable refused =
        catchThrowable(
            () ->
                HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(health).build(), BodyHandlers.discarding()));
    assertThat(refused).isInstanceOf(ConnectException.class);
  }
}
