package dev.ujm.server.api;

import static dev.ujm.server.api.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v2/jobs/crawl} and the synchronous compatibility endpoint {@code POST
 * /api/v1/crawl}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrawlApiTest {
  @TempDir static Path dir;
  @TempDir static Path impatientDir;
  private ServerFixture ujm;
  private ServerFixture impatient;
  private HttpServer site;
  private String siteUrl;

  @BeforeAll
  void start() throws IOException {
    site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    page(
        "/",
        "<html><head><title>Home</title></head><body><a href=\"/a\">a</a> <a href=\"/b\">b</a></body></html>");
    page("/a", "<html><head><title>A</title></head><body><a href=\"/\">home</a></body></html>");
    page("/b", "<html><head><title>B</title></head><body>b</body></html>");
    site.start();
    siteUrl = "http://127.0.0.1:" + site.getAddress().getPort() + "/";
    // the crawled site listens on 127.0.0.1, which crawls may reach only when private networks are
    // allowed
    ujm =
        ServerFixture.start(
            dir,
            Map.of("UJM_SYNC_WAIT_SECONDS", "30", "UJM_CRAWL_ALLOW_PRIVATE_NETWORKS", "true"),
            b -> {});
    impatient =
        ServerFixture.start(
            impatientDir,
            Map.of("UJM_SYNC_WAIT_SECONDS", "0", "UJM_CRAWL_ALLOW_PRIVATE_NETWORKS", "true"),
            b -> {});
  }

  private void page(String path, String html) {
    site.createContext(
        path,
        exchange -> {
          if (!exchange.getRequestURI().getPath().equals(path)) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
          }
          byte[] body = html.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
  }

  @AfterAll
  void stop() {
    ujm.close();
    impatient.close();
    site.stop(0);
  }

  @Test
  void a_crawl_is_submitted_as_a_crawl_job_with_the_body_as_payload() {
    var response =
        ujm.post(
            "/api/v2/jobs/crawl",
            "{\"url\":\"" + siteUrl + "\",\"maxPages\":5,\"priority\":\"high\"}");

    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode job = ServerFixture.json(response);
    assertThat(job.path("type").asText()).isEqualTo("crawl");
    assertThat(job.path("priority").asText()).isEqualTo("high");
    assertThat(job.path("payload").path("url").asText()).isEqualTo(siteUrl);
    assertThat(job.path("payload").path("maxPages").asInt()).isEqualTo(5);
    assertThat(job.path("payload").has("priority")).isFalse();
  }

  @Test
  void a_crawl_without_an_absolute_http_url_is_refused_naming_the_url() {
    for (String body :
        new String[] {
          "{}",
          "{\"url\":\"\"}",
          "{\"url\":\"/relative\"}",
          "{\"url\":\"ftp://example.com/\"}",
          "{\"url\":42}"
        }) {
      JsonNode problem =
          assertProblem(ujm.post("/api/v2/jobs/crawl", body), 400, "invalid-request");
      assertThat(problem.path("field").asText()).as(body).isEqualTo("url");
    }
  }

  @Test
  void a_crawl_payload_the_crawl_type_refuses_is_refused_as_invalid_payload() {
    JsonNode problem =
        assertProblem(
            ujm.post("/api/v2/jobs/crawl", "{\"url\":\"" + siteUrl + "\",\"maxPages\":-1}"),
            400,
            "invalid-payload");
    assertThat(problem.path("field").asText()).isEqualTo("payload.maxPages");
  }

  @Test
  void the_v1_crawl_waits_for_the_crawl_and_answers_its_result_and_pages() {
    var response = ujm.post("/api/v1/crawl", "{\"url\":\"" + siteUrl + "\",\"maxPages\":10}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode answer = ServerFixture.json(response);
    assertThat(answer.path("jobId").asText()).isNotBlank();
    assertThat(answer.path("state").asText()).isEqualTo("completed");
    assertThat(answer.path("result").isObject()).isTrue();
    assertThat(answer.path("pages").size()).isEqualTo(3);
    assertThat(ujm.admin().get(answer.path("jobId").asText()).state()).isEqualTo("completed");
  }

  @Test
  void the_v1_crawl_answers_202_with_where_to_poll_when_the_wait_runs_out() {
    var response = impatient.post("/api/v1/crawl", "{\"url\":\"" + siteUrl + "\"}");

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode answer = ServerFixture.json(response);
    String jobId = answer.path("jobId").asText();
    assertThat(answer.path("location").asText()).isEqualTo("/api/v2/jobs/" + jobId);
    assertThat(response.headers().firstValue("Location")).hasValue("/api/v2/jobs/" + jobId);
    assertThat(impatient.get("/api/v2/jobs/" + jobId).statusCode()).isEqualTo(200);
  }

  @Test
  void the_v1_crawl_refuses_a_bad_url_before_submitting() {
    assertProblem(ujm.post("/api/v1/crawl", "{\"url\":\"nope\"}"), 400, "invalid-request");
  }
}
