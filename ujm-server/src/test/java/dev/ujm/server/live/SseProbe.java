package dev.ujm.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An SSE client of {@code GET /api/v2/events}, reading one stream on a thread of its own. */
public final class SseProbe implements AutoCloseable {
  public final List<JsonNode> data = new CopyOnWriteArrayList<>();
  public volatile String lastId;
  public volatile int resyncs;
  private final InputStream body;

  private SseProbe(InputStream body) {
    this.body = body;
    Thread.ofVirtual().start(this::read);
  }

  public static SseProbe open(int port, String key, String lastEventId) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + port + "/api/v2/events?apiKey=" + key));
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<InputStream> response =
        HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    return new SseProbe(response.body());
  }

  public List<String> states(String jobId) {
    List<String> states = new ArrayList<>();
    for (JsonNode e : data) {
      if (e.path("jobId").asText().equals(jobId) && e.path("event").asText().equals("state")) {
        states.add(e.path("state").asText());
      }
    }
    return states;
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String line;
      String event = null;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("id: ")) {
          lastId = line.substring(4);
        } else if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("data: ")) {
          if ("resync".equals(event)) {
            resyncs++;
          } else {
            data.add(Json.mapper().readTree(line.substring(6)));
          }
        } else if (line.isEmpty()) {
          event = null;
        }
      }
    } catch (IOException e) {
      // closed
    }
  }

  @Override
  public void close() throws IOException {
    body.close();
  }
}
