package dev.ujm.server.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.ujm.server.api.ServerFixture;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client's {@code traceparent} on a submit makes one trace of the request and of every attempt of
 * the job it made; without tracing configured no job carries a trace tag.
 */
class TracingApiTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CALLER_SPAN = "00f067aa0ba902b7";

  @TempDir Path dir;

  @Test
  void the_attempts_of_a_job_join_the_trace_of_the_request_that_submitted_it() throws Exception {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    try (ServerFixture ujm =
        ServerFixture.start(
            dir,
            Map.of("UJM_RETRY_BASE_SECONDS", "1", "UJM_RETRY_MAX_SECONDS", "1"),
            b -> b.tracing(Tracing.exportingTo(spans)))) {
      HttpResponse<String> submitted =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(ujm.uri("/api/v2/jobs"))
                      .header("Authorization", "Bearer " + ServerFixture.ADMIN_KEY)
                      .header("Content-Type", "application/json")
                      .header("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"type\":\"flaky\",\"payload\":{\"failTimes\":1}}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(submitted.statusCode()).isEqualTo(201);
      String jobId = ServerFixture.json(submitted).path("id").asText();

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> attempts(spans.getFinishedSpanItems()).size() == 2);
      List<SpanData> all = spans.getFinishedSpanItems();
      SpanData request =
          all.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
      assertThat(request.getName()).isEqualTo("POST /api/v2/jobs");
      assertThat(request.getTraceId()).isEqualTo(TRACE_ID);
      assertThat(request.getParentSpanId()).isEqualTo(CALLER_SPAN);
      assertThat(request.getAttributes().get(Tracing.JOB_ID)).isEqualTo(jobId);
      List<SpanData> attempts = attempts(all);
      assertThat(attempts)
          .allSatisfy(
              a -> {
                assertThat(a.getName()).isEqualTo("run flaky");
                assertThat(a.getTraceId()).isEqualTo(TRACE_ID);
                assertThat(a.getParentSpanId()).isEqualTo(request.getSpanId());
                assertThat(a.getAttributes().get(Tracing.JOB_ID)).isEqualTo(jobId);
                assertThat(a.getAttributes().get(Tracing.JOB_TYPE)).isEqualTo("flaky");
              });
      assertThat(attempts)
          .extracting(
              a ->
                  a.getAttributes().get(Tracing.ATTEMPT)
                      + " "
                      + a.getAttributes().get(Tracing.OUTCOME))
          .containsExactly("1 failed", "2 completed");
    }
  }

  @Test
  void each_page_a_crawl_fetches_is_a_span_of_its_attempt() throws Exception {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    site.createContext(
        "/",
        exchange -> {
          byte[] page =
              "<html><body><a href=\"/b\">b</a></body></html>".getBytes(StandardCharsets.UTF_8);
          boolean html = !exchange.getRequestURI().getPath().startsWith("/robots");
          exchange.getResponseHeaders().add("Content-Type", "text/html");
          exchange.sendResponseHeaders(html ? 200 : 404, html ? page.length : -1);
          if (html) {
            exchange.getResponseBody().write(page);
          }
          exchange.close();
        });
    site.start();
    try (ServerFixture ujm =
        ServerFixture.start(
            dir,
            Map.of("UJM_CRAWL_ALLOW_PRIVATE_NETWORKS", "true"),
            b -> b.tracing(Tracing.exportingTo(spans)))) {
      String seed = "http://127.0.0.1:" + site.getAddress().getPort() + "/";
      var crawl = ujm.post("/api/v2/jobs/crawl", "{\"url\":\"" + seed + "\",\"maxPages\":2}");
      assertThat(crawl.statusCode()).as(crawl.body()).isEqualTo(201);

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> attempts(spans.getFinishedSpanItems()).size() == 1);
      SpanData attempt = attempts(spans.getFinishedSpanItems()).get(0);
      List<SpanData> fetches =
          spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("fetch")).toList();
      assertThat(fetches)
          .extracting(f -> f.getAttributes().get(AttributeKey.stringKey("url.full")))
          .contains(seed, seed + "b");
      assertThat(fetches)
          .allSatisfy(
              f -> {
                assertThat(f.getTraceId()).isEqualTo(attempt.getTraceId());
                assertThat(f.getParentSpanId()).isEqualTo(attempt.getSpanId());
              });
    } finally {
      site.stop(0);
    }
  }

  @Test
  void without_tracing_no_job_carries_a_trace() {
    try (ServerFixture ujm = ServerFixture.start(dir)) {
      var job = ujm.post("/api/v2/jobs", "{\"type\":\"noop\",\"payload\":{}}");
      assertThat(ServerFixture.json(job).path("tags")).isEmpty();
    }
  }

  private static List<SpanData> attempts(List<SpanData> spans) {
    return spans.stream().filter(s -> s.getKind() == SpanKind.CONSUMER).toList();
  }
}
