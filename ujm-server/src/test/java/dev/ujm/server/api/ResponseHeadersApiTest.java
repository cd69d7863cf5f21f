package dev.ujm.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every answer carries {@code Cache-Control: no-store} and {@code X-Content-Type-Options: nosniff},
 * and errors the web server finds before any route runs are problem+json like every other error,
 * not HTML.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResponseHeadersApiTest {
  @TempDir static Path dir;
  private ServerFixture ujm;

  @BeforeAll
  void start() {
    ujm = ServerFixture.start(dir);
  }

  @AfterAll
  void stop() {
    ujm.close();
  }

  private static void assertSecurityHeaders(HttpResponse<String> response) {
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
  }

  @Test
  void answers_and_errors_of_the_api_are_not_cached_or_sniffed() {
    for (HttpResponse<String> response :
        List.of(
            ujm.send("GET", "/health", null, null),
            ujm.send("GET", "/", null, null),
            ujm.send("GET", "/openapi.json", null, null),
            ujm.send("GET", "/metrics", null, null),
            ujm.get("/api/v2/jobs"),
            ujm.post("/api/v2/jobs", "{\"type\":\"noop\"}"),
            ujm.post("/api/v2/keys", "{\"role\":\"user\",\"userId\":\"hal\"}"),
            ujm.post("/api/v2/jobs", "{bad"),
            ujm.send("GET", "/api/v2/jobs", null, null),
            ujm.get("/no/such/path"))) {
      assertSecurityHeaders(response);
    }
  }

  /** One request over a plain socket, as the web server sees it; answers status, headers, body. */
  private Raw raw(String requestHead) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), ujm.server().port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(requestHead.getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      String head = text.substring(0, split);
      String body = text.substring(split + 4);
      Map<String, String> headers = new HashMap<>();
      String[] lines = head.split("\r\n");
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
      return new Raw(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
    }
  }

  record Raw(int status, Map<String, String> headers, String body) {
    JsonNode problem() throws IOException {
      assertThat(headers.get("content-type")).startsWith("application/problem+json");
      assertThat(headers).containsEntry("cache-control", "no-store");
      assertThat(headers).containsEntry("x-content-type-options", "nosniff");
      JsonNode json = Json.mapper().readTree(body);
      assertThat(json.path("status").asInt()).isEqualTo(status);
      assertThat(json.path("type").asText()).startsWith("https://ujm.dev/problems/");
      assertThat(json.path("detail").asText()).isNotBlank();
      return json;
    }
  }

  @Test
  void a_nul_in_the_path_is_a_problem_not_an_html_page() throws IOException {
    Raw raw = raw("GET /api/v2/jobs/%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

    assertThat(raw.status()).isEqualTo(400);
    assertThat(raw.problem().path("type").asText()).endsWith("/invalid-request");
  }

  @Test
  void an_ambiguous_path_segment_is_a_problem_not_an_html_page_for_every_method()
      throws IOException {
    for (String method : new String[] {"GET", "DELETE", "POST", "PUT"}) {
      Raw raw =
          raw(method + " /api/v2/jobs/..;/x HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");

      assertThat(raw.status()).as(method).isEqualTo(400);
      raw.problem();
      assertThat(raw.headers()).as(method).containsEntry("connection", "close");
    }
  }

  @Test
  void headers_over_64_kib_are_a_problem_not_an_html_page() throws IOException {
    Raw raw =
        raw(
            "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: "
                + "a".repeat(70_000)
                + "\r\nConnection: close\r\n\r\n");

    assertThat(raw.status()).isEqualTo(431);
    assertThat(raw.problem().path("type").asText()).endsWith("/headers-too-large");
  }
}
